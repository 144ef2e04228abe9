import * as core from '../../core/billing-sync';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { OptionsOf } from '../program';
import type { BillingSyncStatusCommand } from './billing-sync-commands';
import { readServerLogs, serverLogsText } from './server-logs-option';

/** `billing-sync status`: the connection as the server reports it, with the server log lines when --bwdata is given. */
export async function run(options: OptionsOf<BillingSyncStatusCommand>, context: CliContext): Promise<0> {
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  const serverLogs = await readServerLogs(options, context);
  return withCliServices(context, async (services) => {
    const status = await core.readBillingSyncStatus(await (await services.connections()).client('self'), selfOrgId);
    const c = status.connection;
    const lines = [
      `Organization ${status.selfHostedOrgId}`,
      `  cloud communication (server): ${status.cloudCommunication ? 'active' : 'INACTIVE — enable it and restart (sponsorship-setup enable-cloud, apply)'}`,
      c ? `  billing sync connection: ${c.id}, ${c.enabled ? 'enabled' : 'disabled'}` : '  billing sync connection: none (sponsorship-setup billing-sync save)',
      ...(c ? [`  cloud organization: ${c.cloudOrganizationId ?? 'unknown'}`, `  token set: ${c.tokenSet ? 'yes (not shown)' : 'no'}`, `  last license sync: ${c.lastLicenseSync ?? 'never'}`] : []),
      `  sponsorship sync: ${core.sponsorshipSyncInfo(status.lastSyncDate)}`,
      ...(c ? [`  verify now: sponsorship-setup billing-sync verify --org ${status.selfHostedOrgId}`] : []),
    ];
    context.result({ ok: true, ...status, serverLogs: serverLogs ?? undefined }, [...lines, ...serverLogsText(serverLogs)].join('\n'));
    return 0 as const;
  });
}

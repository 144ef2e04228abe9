import * as core from '../../core/billing-sync';
import type { Host } from '../../core/host';
import { readInstallStatus } from '../../core/install';
import type { CliContext } from '../cli-context';
import { withCliServices, type CliServices } from '../cli-services';
import { withCommandHost } from '../host-options';
import type { OptionsOf } from '../program';
import type { ReportCommand } from './billing-sync-commands';

/** `report`: every step with its evidence. */
export async function run(options: OptionsOf<ReportCommand>, context: CliContext): Promise<0> {
  const selfHostedOrgId = options.org ? core.checkOrganizationId(options.org, '--org') : undefined;
  return withCommandHost(options, context, async ({ host, bwdata }) => {
    // A folder the admin named must be an install we can read (exit 2 otherwise), not a note in a report
    // that silently lacks it; the remembered folder may have gone and then is only a note.
    if (bwdata) await readInstallStatus(host, bwdata);
    return withCliServices(context, (services) => collectReport(services, host, bwdata, selfHostedOrgId, context));
  }, { bwdata: 'optional' });
}

async function collectReport(
  services: CliServices,
  host: Host,
  bwdata: string | undefined,
  selfHostedOrgId: string | undefined,
  context: CliContext,
): Promise<0> {
  const settings = await services.settings();
  const signedIn = (await settings.load()).servers.self !== undefined;
  const report = await core.collectSetupReport({
    host,
    settings,
    secrets: (await services.secrets()).store,
    connections: signedIn ? await services.connections() : undefined,
    installFolder: bwdata,
    selfHostedOrgId,
  });
  context.result(report, core.formatSetupReportText(report));
  return 0 as const;
}

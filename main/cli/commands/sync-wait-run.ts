import * as core from '../../core/billing-sync';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import { strictNumber } from '../option-values';
import type { OptionsOf } from '../program';
import type { SyncWaitCommand } from './billing-sync-commands';
import { checkServerLogOptions, readServerLogs, serverLogsText } from './server-logs-option';

/** `sync wait`: polls until the server records a sponsorship sync, or lists the likely causes. */
export async function run(options: OptionsOf<SyncWaitCommand>, context: CliContext): Promise<0 | 1> {
  const selfOrgId = core.checkOrganizationId(options.org, '--org');
  checkServerLogOptions(options);
  const since = options.since !== undefined ? new Date(options.since) : new Date();
  if (Number.isNaN(since.getTime())) throw new CoreError('invalid-since', `--since must be an ISO 8601 time (e.g. 2026-08-20T10:00:00Z), got "${options.since}".`, 'unusable-input');
  const timeoutS = seconds(options.timeoutS, 600, '--timeout-s');
  const intervalS = seconds(options.intervalS, 5, '--interval-s');
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  try {
    return await withCliServices(context, async (services) => {
      const self = await (await services.connections()).client('self');
      context.log(`[sync] ${core.SPONSORSHIP_FIRST_EXPLANATION}`);
      context.log(`[sync] waiting up to ${timeoutS} s for a sync after ${since.toISOString()}; press Manually Sync in the System Administrator Portal now`);
      const result = await core.waitForSync({
        self,
        selfHostedOrgId: selfOrgId,
        since,
        timeoutMs: timeoutS * 1000,
        intervalMs: intervalS * 1000,
        signal: controller.signal,
        onProgress: (p) => context.log(`[sync] check ${p.attempt} after ${Math.round(p.elapsedMs / 1000)} s: last sync ${p.lastSyncDate ?? 'never'}`),
      });
      if (result.outcome === 'synced') {
        await core.rememberWizardValues(await services.settings(), { [core.WIZARD_KEYS.selfOrgId]: selfOrgId, [core.WIZARD_KEYS.lastSyncDate]: result.lastSyncDate });
        context.result({ ok: true, ...result }, `Synced: the server recorded a sponsorship sync at ${result.lastSyncDate}.\n${core.DAILY_SYNC_EXPLANATION}`);
        return 0 as const;
      }
      const lines = [
        `No sync after ${result.since} within ${timeoutS} s (last sync: ${result.lastSyncDate ?? 'never'}). Likely causes, most likely first:`,
        ...result.causes.map((cause, index) => `  ${index + 1}. ${cause.title} [${cause.code}, step: ${cause.step}] — ${cause.explanation}`),
      ];
      const serverLogs = await readServerLogs(options, context);
      context.result({ ok: false, ...result, serverLogs: serverLogs ?? undefined }, [...lines, ...serverLogsText(serverLogs)].join('\n'));
      return 1 as const;
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}

function seconds(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const parsed = strictNumber(value, flag, { code: 'invalid-number', min: 0, max: 7 * 24 * 3600, unit: 'seconds' });
  if (parsed <= 0) throw new CoreError('invalid-number', `${flag} must be a positive number of seconds, got "${value}".`, 'unusable-input');
  return parsed;
}

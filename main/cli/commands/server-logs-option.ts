import { readSyncLogExcerpt, type ServerLogExcerpt } from '../../core/billing-sync';
import { locateInstall } from '../../core/install';
import type { CliContext } from '../cli-context';
import { checkHostOptions, withCommandHost, type HostOptions } from '../host-options';

/**
 * With `--bwdata` (on this computer, or on the server with --host/--server): the recent sync and
 * identity lines of bwdata/logs/admin and api, secrets masked; without it, null.
 */
export async function readServerLogs(options: HostOptions, context: CliContext): Promise<ServerLogExcerpt | null> {
  if (!options.bwdata && !options.host && !options.server) return null;
  return withCommandHost(options, context, async ({ host, bwdata }) => readSyncLogExcerpt(host, (await locateInstall(host, bwdata)).bwdataPath));
}

/** Usage errors of the server-log options, before any waiting: with --host, --bwdata is needed. */
export function checkServerLogOptions(options: HostOptions): void {
  if (options.bwdata || options.host || options.server) checkHostOptions(options, 'required');
  else checkHostOptions(options, 'optional');
}

export function serverLogsText(logs: ServerLogExcerpt | null): string[] {
  if (!logs) return [];
  return [
    '',
    `Server logs (sync and identity lines of bwdata/logs): ${logs.lines.length === 0 ? 'none found' : ''}`.trimEnd(),
    ...logs.lines.map((line) => `  [${line.container}] ${line.file}: ${line.text}`),
    ...logs.notes.map((note) => `  note: ${note}`),
  ];
}

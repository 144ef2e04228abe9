import { HostError, type HostAttachRequest, type HostRunRecord, type HostRunResult } from '../host';
import { assertNotLost, type RemoteShell } from './remote-shell';
import { FINISH_SCRIPT, LIST_SCRIPT, LOCATE_SCRIPT } from './remote-run-scripts';
import { exitStatus, followRun } from './ssh-run-follow';

/** Run ids as the launch script makes them (`date -u +%Y%m%d-%H%M%S` + mktemp's six letters). */
const RUN_ID = /^\d{8}-\d{6}-[A-Za-z0-9]{6}$/;

export function isRunId(id: string): boolean {
  return RUN_ID.test(id);
}

/** The acting user's recorded runs on the server, newest first. */
export async function sshRuns(shell: RemoteShell): Promise<HostRunRecord[]> {
  const result = await shell.run(LIST_SCRIPT, []);
  assertNotLost(result, shell.connection.label, 'listing the runs');
  const records = result.stdout
    .toString('utf8')
    .split('\n')
    .map(parseRecord)
    .filter((record): record is HostRunRecord => record !== null);
  return records.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** One line of LIST_SCRIPT; a folder with an unreadable meta.json is skipped. */
function parseRecord(line: string): HostRunRecord | null {
  const [id, code, alive, seen, size, ended, folder, metaText] = line.split('\t');
  if (!id || !isRunId(id) || !folder || metaText === undefined) return null;
  let meta: { command?: unknown; args?: unknown; cwd?: unknown; startedAt?: unknown; tags?: unknown };
  try {
    meta = JSON.parse(metaText) as typeof meta;
  } catch {
    return null;
  }
  const exit = code === '-' ? null : exitStatus(code ?? '');
  const state = alive === '1' ? 'running' : exit && exit.spawnError === undefined ? 'finished' : 'lost';
  return {
    id,
    command: typeof meta.command === 'string' ? meta.command : '',
    args: Array.isArray(meta.args) ? meta.args.map(String) : [],
    cwd: typeof meta.cwd === 'string' ? meta.cwd : '',
    startedAt: typeof meta.startedAt === 'string' ? meta.startedAt : '',
    tags: stringTags(meta.tags),
    state,
    exitCode: state === 'finished' ? (exit?.exitCode ?? null) : null,
    signal: state === 'finished' ? (exit?.signal ?? null) : null,
    endedAt: ended && ended !== '-' && Number.isFinite(Number(ended)) ? new Date(Number(ended) * 1000).toISOString() : null,
    seen: seen === '1',
    logPath: `${folder}/log`,
    logBytes: Number(size) || 0,
  };
}

function stringTags(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Follows recorded run `id` from the start of its log to its end (see `Host.attachRun`). */
export async function sshAttach(shell: RemoteShell, id: string, request: HostAttachRequest): Promise<HostRunResult> {
  const started = Date.now();
  if (!isRunId(id)) throw new HostError('not-found', id, `"${id}" is not a run id (they look like 20261201-221503-Ab12Cd)`);
  const located = await shell.run(LOCATE_SCRIPT, [id]);
  assertNotLost(located, shell.connection.label, `looking for run ${id}`);
  const folder = located.stdout.toString('utf8').trim();
  if (located.code !== 0 || !folder) throw new HostError('not-found', id, `there is no run ${id} on ${shell.connection.label} for this user`);
  const outcome = await followRun(shell, { folder, id }, request);
  await shell.run(FINISH_SCRIPT, [folder]).catch(() => undefined);
  return { ...outcome, durationMs: Date.now() - started };
}

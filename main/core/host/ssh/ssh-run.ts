import type { HostRunProcess, HostRunRequest, HostRunResult } from '../host';
import { assertNotLost, missingToolError, type RemoteShell } from './remote-shell';
import { FINISH_SCRIPT, LAUNCH_SCRIPT, WRAPPER_SCRIPT } from './remote-run-scripts';
import { followRun, type RemoteRun } from './ssh-run-follow';

/**
 * Runs a program detached on the server (its own session, output to a log there) and streams that
 * log live, so a dropped SSH link cannot kill bitwarden.sh between stopping and starting the
 * containers: after a reconnect the run is followed again from the last byte read. A run started
 * with `record` is also kept in the acting user's run folder, where another process finds it
 * (`sshRuns`) and attaches to it (`sshAttach`).
 */
export async function sshRun(shell: RemoteShell, request: HostRunRequest): Promise<HostRunResult> {
  const started = Date.now();
  const label = shell.connection.label;
  const env = Object.entries(request.env ?? {}).map(([key, value]) => `${key}=${value}`);
  const meta = request.record ? JSON.stringify({ command: request.command, args: request.args, cwd: request.cwd, startedAt: new Date(started).toISOString(), tags: request.record.tags }) : '';
  const launch = await shell.run(LAUNCH_SCRIPT, [WRAPPER_SCRIPT, meta, request.cwd, String(env.length), ...env, request.command, ...request.args]);
  assertNotLost(launch, label, `starting ${request.command}`);
  const missing = missingToolError(launch, label);
  if (missing) throw missing;
  if (launch.code === 127) {
    return { exitCode: null, signal: null, cancelled: false, timedOut: false, spawnError: launch.stderr.trim(), durationMs: Date.now() - started };
  }
  // "<wrapper pid> <ticks>\n<folder> <kind>": the kind is the last word, the folder may hold spaces (a home such as /home/my user).
  const [wrapperLine = '', ...rest] = launch.stdout.toString('utf8').trim().split('\n');
  const printed = rest.join('\n');
  const folder = printed.slice(0, printed.lastIndexOf(' '));
  const kind = printed.slice(printed.lastIndexOf(' ') + 1);
  if (launch.code !== 0 || !folder || !kind) {
    return { exitCode: null, signal: null, cancelled: false, timedOut: false, spawnError: launch.stderr.trim() || `could not start ${request.command} on ${label}`, durationMs: Date.now() - started };
  }
  const run: RemoteRun = { folder, id: kind === 'recorded' ? folder.slice(folder.lastIndexOf('/') + 1) : null, wrapper: wrapperOf(wrapperLine) };
  const outcome = await followRun(shell, run, request);
  await shell.run(FINISH_SCRIPT, [folder]).catch(() => undefined);
  return { ...outcome, durationMs: Date.now() - started };
}

/** The detached wrapper lives exactly as long as the run (it waits for the program, then writes its exit). */
function wrapperOf(line: string): HostRunProcess | undefined {
  const [pid, startTicks] = line.trim().split(' ');
  if (!pid || !/^\d+$/.test(pid)) return undefined;
  return { pid: Number(pid), ...(startTicks && /^\d+$/.test(startTicks) ? { startTicks } : {}) };
}

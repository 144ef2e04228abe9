import os from 'node:os';
import type { HostOutputLine, HostRunRequest, HostRunResult } from '../host';
import { assertNotLost, missingToolError, type RemoteShell } from './remote-shell';
import { CLEANUP_SCRIPT, FOLLOW_SCRIPT, LAUNCH_SCRIPT, SIGNAL_SCRIPT, WRAPPER_SCRIPT } from './remote-run-scripts';
import { SshError } from './ssh-types';

const DEFAULT_KILL_GRACE_MS = 5_000;

interface RemoteRun {
  folder: string;
  wrapperPid: string;
}

/**
 * Runs a program detached on the server (its own session, output to a log there) and streams that
 * log live, so a dropped SSH link cannot kill bitwarden.sh between stopping and starting the
 * containers: after a reconnect the run is followed again from the last byte read.
 */
export async function sshRun(shell: RemoteShell, request: HostRunRequest): Promise<HostRunResult> {
  const started = Date.now();
  const label = shell.connection.label;
  const env = Object.entries(request.env ?? {}).map(([key, value]) => `${key}=${value}`);
  const launch = await shell.run(LAUNCH_SCRIPT, [WRAPPER_SCRIPT, request.cwd, String(env.length), ...env, request.command, ...request.args]);
  assertNotLost(launch, label, `starting ${request.command}`);
  const missing = missingToolError(launch, label);
  if (missing) throw missing;
  if (launch.code === 127) {
    return { exitCode: null, signal: null, cancelled: false, timedOut: false, spawnError: launch.stderr.trim(), durationMs: Date.now() - started };
  }
  const [folder, wrapperPid] = launch.stdout.toString('utf8').trim().split(' ');
  if (launch.code !== 0 || !folder || !wrapperPid) {
    return { exitCode: null, signal: null, cancelled: false, timedOut: false, spawnError: launch.stderr.trim() || `could not start ${request.command} on ${label}`, durationMs: Date.now() - started };
  }
  const run: RemoteRun = { folder, wrapperPid };
  const outcome = await superviseRun(shell, run, request);
  await shell.run(CLEANUP_SCRIPT, [folder]).catch(() => undefined);
  return { ...outcome, durationMs: Date.now() - started };
}

type Outcome = Omit<HostRunResult, 'durationMs'>;

/** Follows the log, applies cancel and the idle timeout, re-attaches once per dropped link. */
async function superviseRun(shell: RemoteShell, run: RemoteRun, request: HostRunRequest): Promise<Outcome> {
  const killGraceMs = request.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  let cancelled = false;
  let timedOut = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (signal: string) => void shell.run(SIGNAL_SCRIPT, [run.folder, signal]).catch(() => undefined);
  const stop = () => {
    signalGroup('TERM');
    killTimer = setTimeout(() => signalGroup('KILL'), killGraceMs);
  };
  const armIdleTimer = () => {
    if (!request.idleTimeoutMs) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      timedOut = true;
      stop();
    }, request.idleTimeoutMs);
  };
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  if (request.signal?.aborted) onAbort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });
  armIdleTimer();
  try {
    const exit = await followUntilExit(shell, run, (line) => {
      armIdleTimer();
      request.onLine?.(line);
    });
    return { ...exitStatus(exit), cancelled, timedOut };
  } finally {
    clearTimeout(idleTimer);
    clearTimeout(killTimer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}

const MAX_REATTACH = 3;
const REATTACH_PAUSE_MS = 200;

/** Follows until the exit code arrives; a follow that died with the link is re-attached after the reconnect. */
async function followUntilExit(shell: RemoteShell, run: RemoteRun, onLine: (line: HostOutputLine) => void): Promise<string> {
  let offset = 0;
  for (let attachment = 0; attachment <= MAX_REATTACH; attachment += 1) {
    let result: { exit: string | null; consumed: number };
    try {
      result = await followOnce(shell, run, offset, onLine);
    } catch (error) {
      throw lostRun(shell, run, error);
    }
    offset += result.consumed;
    if (result.exit !== null) return result.exit;
    // The follow channel died with the link; give the connection a moment to notice before re-attaching.
    await new Promise((resolve) => setTimeout(resolve, REATTACH_PAUSE_MS));
  }
  throw lostRun(shell, run, null);
}

function lostRun(shell: RemoteShell, run: RemoteRun, error: unknown): SshError {
  const reason = error instanceof Error ? `: ${error.message}` : '';
  return new SshError(
    'connection-lost',
    `lost the connection to ${shell.connection.label} during a run${reason}; the run goes on on the server, its output is in ${run.folder}/log`,
  );
}

/** One follow channel: lines until the tail ends. `exit` is null when the channel died with the link. */
async function followOnce(shell: RemoteShell, run: RemoteRun, offset: number, onLine: (line: HostOutputLine) => void): Promise<{ exit: string | null; consumed: number }> {
  const { channel, stdinPrefix } = await shell.open(FOLLOW_SCRIPT, [run.folder, String(offset), run.wrapperPid]);
  return new Promise((resolve) => {
    let pending = Buffer.alloc(0);
    let consumed = 0;
    let stderr = '';
    const emit = (raw: Buffer) => {
      const text = raw.toString('utf8').replace(/\r$/, '');
      const stream = text.startsWith('E ') ? 'stderr' : 'stdout';
      onLine({ stream, text: text.slice(2), at: Date.now() });
    };
    channel.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let newline = pending.indexOf(10); newline >= 0; newline = pending.indexOf(10)) {
        emit(pending.subarray(0, newline));
        consumed += newline + 1;
        pending = pending.subarray(newline + 1);
      }
    });
    channel.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    channel.on('error', () => undefined);
    channel.on('close', () => {
      const match = /EXIT (\S+)/.exec(stderr);
      if (match && pending.length > 0) {
        emit(pending);
        consumed += pending.length;
      }
      resolve({ exit: match ? match[1]! : null, consumed });
    });
    if (stdinPrefix) channel.write(stdinPrefix);
    channel.end();
  });
}

/** The wrapper records `$?`: 128+N means the program died of signal N. */
function exitStatus(exit: string): { exitCode: number | null; signal: string | null; spawnError?: string } {
  const code = Number(exit);
  if (!Number.isInteger(code)) return { exitCode: null, signal: null, spawnError: 'the run ended without recording its exit code' };
  if (code > 128 && code <= 128 + 64) {
    const name = Object.entries(os.constants.signals).find(([, number]) => number === code - 128)?.[0];
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

import os from 'node:os';
import type { HostAttachRequest, HostOutputLine, HostRunProcess, HostRunRequest, HostRunResult } from '../host';
import { superviseRun } from '../run-supervisor';
import type { RemoteShell } from './remote-shell';
import { FOLLOW_SCRIPT, SIGNAL_SCRIPT } from './remote-run-scripts';
import { SshError } from './ssh-types';

const DEFAULT_KILL_GRACE_MS = 5_000;
const MAX_REATTACH = 3;
const REATTACH_PAUSE_MS = 200;

/** A detached run's folder on the server, and its id when it is recorded there. */
export interface RemoteRun {
  folder: string;
  id: string | null;
  /** The wrapper, when this process launched the run (an attacher does not name it). */
  wrapper?: HostRunProcess;
}

export type RunOutcome = Omit<HostRunResult, 'durationMs'>;

/**
 * Follows a detached run's log from `fromByte` to its end with the shared supervision (cancel and
 * the idle timeout signal the run's process group on the server), re-attaching after a reconnect.
 * The run is already launched (and recorded, when it has an id): a run request's `onStarted` hears so first.
 */
export async function followRun(shell: RemoteShell, run: RemoteRun, request: HostAttachRequest & Pick<HostRunRequest, 'onStarted'>, fromByte = 0): Promise<RunOutcome> {
  const supervisor = superviseRun({
    signal: request.signal,
    idleTimeoutMs: request.idleTimeoutMs,
    killGraceMs: request.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    signalGroup: (signal) => void shell.run(SIGNAL_SCRIPT, [run.folder, signal]).catch(() => undefined),
    onStarted: request.onStarted,
  });
  supervisor.started({ recordedAs: run.id, ...(run.wrapper ? { process: run.wrapper } : {}) });
  try {
    const exit = await followUntilExit(shell, run, fromByte, (line) => {
      supervisor.sawOutput();
      request.onLine?.(line);
    });
    return { ...exitStatus(exit), cancelled: supervisor.cancelled, timedOut: supervisor.timedOut };
  } finally {
    supervisor.dispose();
  }
}

/** Follows until the exit code arrives; a follow that died with the link is re-attached after the reconnect. */
async function followUntilExit(shell: RemoteShell, run: RemoteRun, fromByte: number, onLine: (line: HostOutputLine) => void): Promise<string> {
  let offset = fromByte;
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

/** `connection-lost`, saying that the run goes on on the server and how to get back to it. */
function lostRun(shell: RemoteShell, run: RemoteRun, error: unknown): SshError {
  const reason = error instanceof Error ? `: ${error.message}` : '';
  const log = `${run.folder}/log`;
  const back = run.id ? `; attach to it again as run ${run.id}` : '';
  return new SshError(
    'connection-lost',
    `lost the connection to ${shell.connection.label} during a run${reason}. The run goes on on the server (it was still running when the link was lost); its output is in ${log}${back}`,
    run.id ? { runId: run.id, runLog: log } : { runLog: log },
  );
}

/** One follow channel: lines until the tail ends. `exit` is null when the channel died with the link. */
async function followOnce(shell: RemoteShell, run: RemoteRun, offset: number, onLine: (line: HostOutputLine) => void): Promise<{ exit: string | null; consumed: number }> {
  const { channel, stdinPrefix } = await shell.open(FOLLOW_SCRIPT, [run.folder, String(offset)]);
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
export function exitStatus(exit: string): { exitCode: number | null; signal: string | null; spawnError?: string } {
  const code = Number(exit);
  if (exit.trim() === '' || !Number.isInteger(code)) return { exitCode: null, signal: null, spawnError: 'the run ended without recording its exit code' };
  if (code > 128 && code <= 128 + 64) {
    const name = signalName(code - 128);
    if (name) return { exitCode: null, signal: name };
  }
  return { exitCode: code, signal: null };
}

function signalName(number: number): string | null {
  return Object.entries(os.constants.signals).find(([, value]) => value === number)?.[0] ?? null;
}

import type { RemoteShell } from './remote-shell';
import { exitOf } from './ssh-connection';
import type { SshExecRequest, SshExecResult } from './ssh-types';

const DEFAULT_MAX_OUTPUT = 1024 * 1024;
const TIMED_OUT = 124;
const NOT_FOUND = 127;

/** `timeout` (coreutils) bounds the command on the server; `exec` keeps bash out of the way. */
const EXEC_SCRIPT = `limit=$1; shift
command -v -- "$1" >/dev/null 2>&1 || { echo "$1: not found" >&2; exit ${NOT_FOUND}; }
if [ "$limit" = 0 ]; then exec "$@"; else exec timeout -k 1 "$limit" "$@"; fi`;

export async function sshExec(shell: RemoteShell, request: SshExecRequest): Promise<SshExecResult> {
  const limit = request.timeoutMs ? String(Math.max(1, Math.ceil(request.timeoutMs / 1000))) : '0';
  const { channel, stdinPrefix } = await shell.open(EXEC_SCRIPT, [limit, request.command, ...request.args]);
  const maxBytes = request.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    const stdout = capped(maxBytes);
    const stderr = capped(maxBytes);
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let cancelled = false;
    const finish = () => {
      request.signal?.removeEventListener('abort', onAbort);
      // The status may have come before these listeners (see exitOf).
      const early = exitOf(channel);
      exitCode ??= early?.code ?? null;
      exitSignal ??= early?.signal ?? null;
      resolve({
        exitCode: cancelled ? null : exitCode,
        signal: exitSignal,
        stdout: stdout.bytes(),
        stderr: stderr.bytes(),
        cancelled,
        timedOut: exitCode === TIMED_OUT && limit !== '0',
        notFound: exitCode === NOT_FOUND,
      });
    };
    // sshd keeps a closed channel's command running until it ends (the server's `timeout` bounds
    // it): answer the caller at once and let the channel finish in the background.
    const onAbort = () => {
      cancelled = true;
      channel.signal('TERM');
      channel.close();
      finish();
    };
    channel.on('data', stdout.push);
    channel.stderr.on('data', stderr.push);
    channel.on('exit', (code: number | null, signalName?: string) => {
      exitCode = code;
      exitSignal = signalName ?? null;
    });
    channel.on('error', () => undefined);
    channel.on('close', finish);
    if (request.signal?.aborted) {
      onAbort();
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (stdinPrefix) channel.write(stdinPrefix);
    if (request.stdin && request.stdin.length > 0) channel.write(Buffer.from(request.stdin));
    channel.end();
  });
}

function capped(maxBytes: number): { push: (chunk: Buffer) => void; bytes: () => Uint8Array } {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    push: (chunk) => {
      if (size >= maxBytes) return;
      const part = chunk.subarray(0, maxBytes - size);
      chunks.push(part);
      size += part.length;
    },
    bytes: () => new Uint8Array(Buffer.concat(chunks)),
  };
}

import type { Host } from '../host/host';
import { classifyTcpError, errnoFromReason, type TcpAttempt } from './probes';

/** Opens and closes a TCP connection with bash's /dev/tcp; the only output is bash's reason on failure. */
const DEV_TCP_SCRIPT = 'exec 3<>"/dev/tcp/$1/$2"';

/**
 * One TCP open by the host's own bash (when it forbids forwarding), bounded by our budget: the run is
 * stopped when the budget ends, as a dropped SYN would otherwise wait for the kernel's ~2 min.
 */
export async function execTcpAttempt(host: Host, address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<TcpAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  if (signal.aborted) return { address, outcome: 'timeout', ms: 0, code: 'ABORTED' };
  const controller = new AbortController();
  let why: 'budget' | 'run' | undefined;
  const timer = setTimeout(() => {
    why ??= 'budget';
    controller.abort();
  }, budgetMs);
  const onRunAbort = () => {
    why ??= 'run';
    controller.abort();
  };
  signal.addEventListener('abort', onRunAbort, { once: true });
  let errors: string[] = [];
  const attempt = () => {
    errors = [];
    return host.run({
      command: 'bash',
      args: ['-c', DEV_TCP_SCRIPT, 'probe', address, String(port)],
      cwd: '/',
      signal: controller.signal,
      killGraceMs: 200,
      onLine: (line) => {
        if (line.stream === 'stderr') errors.push(line.text);
      },
    });
  };
  try {
    // A probe channel that dies on a busy link is tried once more (opening a TCP connection twice is harmless).
    const result = await attempt().catch((error: unknown) => {
      if (why) throw error;
      return attempt();
    });
    if (why === 'run') return { address, outcome: 'timeout', ms: elapsed(), code: 'ABORTED' };
    if (why === 'budget') return { address, outcome: 'timeout', ms: elapsed() };
    if (result.spawnError) return { address, outcome: 'error', ms: elapsed(), code: `no bash on ${host.label}` };
    if (result.exitCode === 0) return { address, outcome: 'connected', ms: elapsed() };
    const code = errnoFromReason(errors.join(' ')) ?? `bash: ${errors.at(-1) ?? `exit ${result.exitCode}`}`;
    return { address, outcome: classifyTcpError(code), ms: elapsed(), code };
  } catch (error) {
    if (why === 'run') return { address, outcome: 'timeout', ms: elapsed(), code: 'ABORTED' };
    if (why === 'budget') return { address, outcome: 'timeout', ms: elapsed() };
    throw error;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onRunAbort);
  }
}

import type { Host } from '../host/host';
import { startAttemptBudget } from './attempt-budget';
import { classifyTcpError, errnoFromReason, type TcpAttempt } from './probes';

/** Opens and closes a TCP connection with bash's /dev/tcp; the only output is bash's reason on failure. */
const DEV_TCP_SCRIPT = 'exec 3<>"/dev/tcp/$1/$2"';

/**
 * One TCP open by the host's own bash (when it forbids forwarding), bounded by our budget: the run is
 * stopped when the budget ends, as a dropped SYN would otherwise wait for the kernel's ~2 min.
 */
export async function execTcpAttempt(host: Host, address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<TcpAttempt> {
  if (signal.aborted) return { address, outcome: 'timeout', ms: 0, code: 'ABORTED' };
  const budget = startAttemptBudget(budgetMs, signal);
  let errors: string[] = [];
  const attempt = () => {
    errors = [];
    return host.run({
      command: 'bash',
      args: ['-c', DEV_TCP_SCRIPT, 'probe', address, String(port)],
      cwd: '/',
      signal: budget.signal,
      killGraceMs: 200,
      onLine: (line) => {
        if (line.stream === 'stderr') errors.push(line.text);
      },
    });
  };
  try {
    // A probe channel that dies on a busy link is tried once more (opening a TCP connection twice is harmless).
    const result = await attempt().catch((error: unknown) => {
      if (budget.why()) throw error;
      return attempt();
    });
    if (budget.why()) return budget.stopped(address);
    if (result.spawnError) return { address, outcome: 'error', ms: budget.elapsed(), code: `no bash on ${host.label}` };
    if (result.exitCode === 0) return { address, outcome: 'connected', ms: budget.elapsed() };
    const code = errnoFromReason(errors.join(' ')) ?? `bash: ${errors.at(-1) ?? `exit ${result.exitCode}`}`;
    return { address, outcome: classifyTcpError(code), ms: budget.elapsed(), code };
  } catch (error) {
    if (budget.why()) return budget.stopped(address);
    throw error;
  } finally {
    budget.dispose();
  }
}

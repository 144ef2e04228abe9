import type { TcpAttempt } from './probes';

/**
 * A TCP attempt's own budget inside the whole run: neither Node nor a server's connect has a short
 * timeout (a dropped SYN waits ~2 min), so the budget, or the run's cancel, aborts `signal`, and
 * `stopped()` says which ended it.
 */
export interface AttemptBudget {
  signal: AbortSignal;
  elapsed(): number;
  /** Why the attempt was stopped, if it was. */
  why(): 'budget' | 'run' | undefined;
  /** The attempt's report when it was stopped (budget: plain timeout; run cancelled: ABORTED). */
  stopped(address: string): TcpAttempt;
  dispose(): void;
}

export function startAttemptBudget(budgetMs: number, runSignal: AbortSignal): AttemptBudget {
  const started = performance.now();
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
  runSignal.addEventListener('abort', onRunAbort, { once: true });
  const elapsed = () => Math.round(performance.now() - started);
  return {
    signal: controller.signal,
    elapsed,
    why: () => why,
    stopped: (address) => (why === 'run' ? { address, outcome: 'timeout', ms: elapsed(), code: 'ABORTED' } : { address, outcome: 'timeout', ms: elapsed() }),
    dispose: () => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    },
  };
}

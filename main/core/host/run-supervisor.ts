import type { HostRunStarted } from './host';

/** The signals a supervisor sends to a run's process group. */
export type RunStopSignal = 'TERM' | 'KILL';

export interface RunSupervisorOptions {
  /** Cancel: TERM to the process group, KILL after `killGraceMs`. */
  signal?: AbortSignal;
  /** Ends the run as timed out (TERM, then KILL) when no output arrives for this long (a hidden prompt). */
  idleTimeoutMs?: number;
  killGraceMs: number;
  /** Sends a signal to the run's whole process group (bitwarden.sh and its docker children). */
  signalGroup: (signal: RunStopSignal) => void;
  /** The request's `onStarted`: told once that the program runs (and, where runs are recorded, is recorded). */
  onStarted?: (started: HostRunStarted) => void;
}

/** What a run's owner reads back once the run ended. */
export interface RunSupervisor {
  /** Call for every output line: output re-arms the idle timer. */
  sawOutput(): void;
  /** Call when the program runs (recorded, where the host records runs); passes it on to `onStarted` once. */
  started(started: HostRunStarted): void;
  readonly cancelled: boolean;
  readonly timedOut: boolean;
  /** Clears the timers and the abort listener (call once the run ended). */
  dispose(): void;
}

/**
 * Cancel and idle-timeout supervision shared by a run on this computer and a detached run on a
 * server: both stop the process group the same way, so they end the same way.
 */
export function superviseRun(options: RunSupervisorOptions): RunSupervisor {
  let cancelled = false;
  let timedOut = false;
  let idleTimer: NodeJS.Timeout | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const stop = () => {
    options.signalGroup('TERM');
    // A cancel after the idle timeout (or the reverse) keeps the first KILL deadline.
    killTimer ??= setTimeout(() => options.signalGroup('KILL'), options.killGraceMs);
  };
  const onAbort = () => {
    cancelled = true;
    stop();
  };
  const armIdleTimer = () => {
    if (!options.idleTimeoutMs) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.idleTimeoutMs);
  };

  let startedTold = false;
  const started = (info: HostRunStarted) => {
    if (startedTold) return;
    startedTold = true;
    // The caller's bookkeeping (releasing a lock) must not break the run it is told about.
    try {
      options.onStarted?.(info);
    } catch {
      // Its own failure is the caller's to report.
    }
  };

  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  armIdleTimer();

  return {
    sawOutput: armIdleTimer,
    started,
    get cancelled() {
      return cancelled;
    },
    get timedOut() {
      return timedOut;
    },
    dispose: () => {
      clearTimeout(idleTimer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
    },
  };
}

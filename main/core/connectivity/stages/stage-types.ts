import type { CheckVantage, ConnectivityOptions, LookupFunction, RunHooks, StageBudgets, StageStatus, Verdict } from '../types';

/** What one stage found: the line the report shows and, for a failure, the target's verdict. */
export interface StageOutcome {
  status: StageStatus;
  detail: string;
  verdict?: Verdict;
  /** How long the stage took when a tool on the host measured it (curl's timings); else the wall time here. */
  ms?: number;
}

/** A stage's outcome and what the next stage starts from; no `next` ends the probe after this stage. */
export interface StageStep<T> {
  outcome: StageOutcome;
  next?: T;
}

/** Something a stage opened that must not outlive the probe (a socket, an SSH channel, a TLS layer). */
export interface Closable {
  destroy(): void;
}

/** Shared by every target of one run. */
export interface ProbeContext {
  options: ConnectivityOptions;
  hooks: RunHooks;
  budgets: StageBudgets;
  /** `--resolve` pins: lower-case host name → address. */
  pins: Map<string, string>;
  /** Aborted when the run is cancelled or its overall time limit is reached. */
  signal: AbortSignal;
  deadlineReached: () => boolean;
  allowList: Array<{ host: string; port: number; required: boolean }>;
  now: () => number;
  /** The network the check measures from: TCP opens through `vantage.host.connect`. */
  vantage: CheckVantage;
  /** How names are resolved on that host's network. */
  lookup: LookupFunction;
}

/** How a target is reached, decided by the proxy stage. */
export interface Route {
  /** Full proxy URL with credentials (for the CONNECT only; never shown). */
  proxy?: URL;
  /** The proxy URL as shown (credentials redacted). */
  proxyLabel?: string;
  /** What the TCP stage dials: the proxy, or the target itself. */
  connectHost: string;
  connectPort: number;
}

/** Stage details through a proxy start with "proxy URL: " so a failure names the proxy, not the target. */
export function routeNote(route: Route): string {
  return route.proxyLabel ? `proxy ${route.proxyLabel}: ` : '';
}

/** Through a proxy every failure before the tunnel is the proxy's (`proxy-failed`), else the direct verdict. */
export function routeVerdict(route: Route, direct: Verdict): Verdict {
  return route.proxy ? 'proxy-failed' : direct;
}

/** A stage cut short by the run: a failure when the run's time limit ended it, `skipped` when the user cancelled. */
export function interruptedOutcome(ctx: ProbeContext, what: string, verdict: Verdict): StageOutcome {
  return ctx.deadlineReached()
    ? { status: 'fail', detail: `${what}: the run's overall time limit was reached`, verdict }
    : { status: 'skipped', detail: 'cancelled' };
}


import type { Duplex } from 'node:stream';
import { describeTcpAttempt, tcpAttempt, type TcpAttempt } from '../probes';
import type { LookupAddress, Verdict } from '../types';
import { interruptedOutcome, routeNote, routeVerdict, type Closable, type ProbeContext, type Route, type StageStep } from './stage-types';

/**
 * The TCP stage: every address with its own budget, in parallel, so a dead IPv6 path is visible and bounded.
 * Connections open through the host (`Host.connect`), so they measure that host's network.
 */
export async function tcpStage(
  route: Route,
  addresses: LookupAddress[],
  ctx: ProbeContext,
  track: (stream: Closable) => void,
): Promise<StageStep<Duplex>> {
  const attempts: TcpAttempt[] = await Promise.all(
    addresses.map((a) => tcpAttempt(ctx.host, a.address, route.connectPort, ctx.budgets.tcpMs, ctx.signal)),
  );
  const connected = attempts.find((a) => a.outcome === 'connected');
  for (const a of attempts) if (a.stream && a !== connected) a.stream.destroy();
  const detail = `${routeNote(route)}port ${route.connectPort}: ${attempts.map((a) => describeTcpAttempt(a, ctx.budgets.tcpMs)).join('; ')}`;
  if (!connected?.stream) {
    if (ctx.signal.aborted) return { outcome: interruptedOutcome(ctx, detail, routeVerdict(route, 'timeout')) };
    return {
      outcome: {
        status: 'fail',
        detail: route.proxy ? `could not reach the proxy — ${detail}` : detail,
        verdict: routeVerdict(route, failedVerdict(attempts)),
      },
    };
  }
  track(connected.stream);
  return {
    outcome: { status: attempts.every((a) => a.outcome === 'connected') ? 'pass' : 'warn', detail },
    next: connected.stream,
  };
}

/** A dropping path is the strongest finding, then a rejecting one, then no route. */
function failedVerdict(attempts: TcpAttempt[]): Verdict {
  const outcomes = new Set(attempts.map((a) => a.outcome));
  return outcomes.has('timeout') ? 'timeout' : outcomes.has('refused') ? 'refused' : 'unreachable';
}

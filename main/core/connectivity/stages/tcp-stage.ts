import type { Duplex } from 'node:stream';
import { execTcpAttempt } from '../exec-tcp';
import { describeTcpAttempt, tcpAttempt, type TcpAttempt } from '../probes';
import type { LookupAddress, MeasuredFrom, Verdict } from '../types';
import { interruptedOutcome, routeNote, routeVerdict, type Closable, type ProbeContext, type Route, type StageStep } from './stage-types';

/** What the TCP stage opened: a stream to run TLS over here, or (the host forbids forwarding) an address its tools reach. */
export type Opened = { kind: 'stream'; stream: Duplex } | { kind: 'exec'; address: string };

const FORWARDING_NOTE: Record<MeasuredFrom, string> = {
  'this-computer': '',
  server: "the server forbids TCP forwarding (SSH direct-tcpip), so bash's /dev/tcp on the server measured — ",
  container: "bash's /dev/tcp inside the container measured — ",
};

/**
 * The TCP stage: every address with its own budget, in parallel, so a dead IPv6 path is visible and bounded.
 * Connections open through the vantage host (`Host.connect`), so they measure that host's network; when the host
 * refuses to forward, the host's own bash opens them instead.
 */
export async function tcpStage(
  route: Route,
  addresses: LookupAddress[],
  ctx: ProbeContext,
  track: (stream: Closable) => void,
): Promise<StageStep<Opened> & { viaExec: boolean }> {
  const { host } = ctx.vantage;
  const { tcpMs } = ctx.budgets;
  let attempts: TcpAttempt[] = await Promise.all(addresses.map((a) => tcpAttempt(host, a.address, route.connectPort, tcpMs, ctx.signal)));
  const viaExec = attempts.some((a) => a.code === 'forwarding-prohibited');
  const note = viaExec ? FORWARDING_NOTE[ctx.vantage.measuredFrom] : '';
  if (viaExec) {
    for (const a of attempts) a.stream?.destroy();
    attempts = await Promise.all(addresses.map((a) => execTcpAttempt(host, a.address, route.connectPort, tcpMs, ctx.signal)));
  }
  const connected = attempts.find((a) => a.outcome === 'connected');
  for (const a of attempts) if (a.stream && a !== connected) a.stream.destroy();
  const detail = `${note}${routeNote(route)}port ${route.connectPort}: ${attempts.map((a) => describeTcpAttempt(a, tcpMs)).join('; ')}`;
  if (!connected) {
    if (ctx.signal.aborted) return { outcome: interruptedOutcome(ctx, detail, routeVerdict(route, 'timeout')), viaExec };
    return {
      outcome: { status: 'fail', detail: route.proxy ? `could not reach the proxy — ${detail}` : detail, verdict: routeVerdict(route, failedVerdict(attempts)) },
      viaExec,
    };
  }
  if (connected.stream) track(connected.stream);
  const outcome = { status: attempts.every((a) => a.outcome === 'connected') ? ('pass' as const) : ('warn' as const), detail };
  return {
    outcome,
    next: connected.stream ? { kind: 'stream', stream: connected.stream } : { kind: 'exec', address: connected.address },
    viaExec,
  };
}

/** A dropping path is the strongest finding, then a rejecting one, then no route. */
function failedVerdict(attempts: TcpAttempt[]): Verdict {
  const outcomes = new Set(attempts.map((a) => a.outcome));
  return outcomes.has('timeout') ? 'timeout' : outcomes.has('refused') ? 'refused' : 'unreachable';
}

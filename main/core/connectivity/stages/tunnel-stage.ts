import net from 'node:net';
import type { Duplex } from 'node:stream';
import { proxyConnect, withBudget } from '../probes';
import { judgeConnectAnswer } from '../proxy';
import type { Target } from '../targets';
import { interruptedOutcome, type ProbeContext, type Route, type StageStep } from './stage-types';

export function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** The `connect` stage: asks the proxy for a tunnel to the target (skipped when going direct). */
export async function tunnelStage(target: Target, route: Route, stream: Duplex, ctx: ProbeContext): Promise<StageStep<Duplex>> {
  const { proxy } = route;
  if (!proxy) return { outcome: { status: 'skipped', detail: 'direct connection (no proxy)' }, next: stream };
  const authority = `${hostForUrl(target.host)}:${target.port}`;
  const auth = proxy.username
    ? Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')
    : undefined;
  const result = await withBudget(ctx.budgets.connectMs, ctx.signal, () => proxyConnect(stream, authority, auth), () => stream.destroy());
  if ('interrupt' in result) {
    if (result.interrupt === 'aborted') return { outcome: interruptedOutcome(ctx, `CONNECT ${authority}`, 'proxy-failed') };
    return {
      outcome: {
        status: 'fail',
        detail: `CONNECT ${authority}: the proxy did not answer within ${ctx.budgets.connectMs} ms (it may be waiting on a host it cannot reach)`,
        verdict: 'proxy-failed',
      },
    };
  }
  const judgement = judgeConnectAnswer(authority, result.value);
  return judgement.status === 'pass' ? { outcome: judgement, next: stream } : { outcome: judgement };
}

import { runCurl, curlHttpOutcome, type CurlFacts, type CurlRequest } from '../curl-probe';
import { judgeCurlConnect, judgeCurlNoAnswer, judgeCurlTls } from '../curl-judge';
import type { Target } from '../targets';
import { clockStage } from './clock-stage';
import { judgeHttpAnswer, type HttpAnswer } from './http-stage';
import type { StageRecorder } from './stage-recorder';
import { interruptedOutcome, routeVerdict, type ProbeContext, type Route, type StageStep } from './stage-types';
import { hostForUrl } from './tunnel-stage';

type CurlRun = CurlFacts & { spawnError?: string; sentAt: number; receivedAt: number };

/**
 * The stages after TCP when the host forbids forwarding: one `curl` run on the host (through the proxy when one
 * is used) gives the tunnel, TLS and HTTP results, each judged as the in-process stages judge theirs.
 */
export async function execStages(target: Target, route: Route, address: string, ctx: ProbeContext, rec: StageRecorder): Promise<void> {
  const curl = await rec.run('connect', () => curlStage(target, route, address, ctx));
  if (!curl) return;
  const tlsPassed = await rec.run('tls', async () => {
    const where = ctx.vantage.measuredFrom === 'container' ? 'the container' : 'the server';
    const judged = judgeCurlTls(curl, target.host, ctx.budgets, Boolean(ctx.options.ca), where);
    return judged.status === 'pass' ? { outcome: judged, next: true } : { outcome: judged };
  });
  if (!tlsPassed) return;
  const answer = await rec.run('http', async (): Promise<StageStep<HttpAnswer>> => {
    const response = curlHttpOutcome(curl, curl.sentAt, curl.receivedAt);
    if (!response) return { outcome: judgeCurlNoAnswer(curl, target.path, ctx.budgets) };
    const judged = judgeHttpAnswer(target, response);
    const ms = Math.max(0, Math.round((curl.timeTotal - curl.timeAppconnect) * 1000));
    return { ...judged, outcome: { ...judged.outcome, ms } };
  });
  if (!answer) return;
  await rec.run('clock', async () => ({ outcome: clockStage(answer) }));
}

/** Runs curl once (its wall time is the `connect` stage's) and judges the proxy tunnel when there is one. */
async function curlStage(target: Target, route: Route, address: string, ctx: ProbeContext): Promise<StageStep<CurlRun>> {
  const { host } = ctx.vantage;
  const { budgets } = ctx;
  const proxy = route.proxy;
  const inContainer = ctx.vantage.measuredFrom === 'container';
  const request: CurlRequest = {
    url: target.url,
    dialName: proxy ? route.connectHost : target.host,
    dialPort: route.connectPort,
    address,
    budgets,
    // Credentials would show in the host's process list: the proxy is asked without them — except in a
    // container, where curl reads the container's own proxy variables (the ones the route came from).
    ...(proxy ? { proxy: inContainer ? 'environment' : `${proxy.protocol}//${proxy.host}` } : {}),
  };
  const limit = budgets.connectMs + budgets.tlsMs + budgets.httpMs + 1000;
  const sentAt = ctx.now();
  const facts = await runCurl(host, request, ctx.options.ca, AbortSignal.any([ctx.signal, AbortSignal.timeout(limit)]));
  const run: CurlRun = { ...facts, sentAt, receivedAt: ctx.now() };
  if (ctx.signal.aborted) return { outcome: interruptedOutcome(ctx, `curl on ${host.label}`, routeVerdict(route, 'timeout')) };
  if (facts.spawnError) {
    return {
      outcome: {
        status: 'fail',
        detail: `not measured: curl could not run on ${host.label} (${facts.spawnError}); install curl there, or allow TCP forwarding for the SSH user`,
        verdict: 'not-measured',
      },
    };
  }
  if (!proxy) return { outcome: { status: 'skipped', detail: 'direct connection (no proxy)' }, next: run };
  const authority = `${hostForUrl(target.host)}:${target.port}`;
  const judged = judgeCurlConnect(facts, authority, budgets);
  const unsent = proxy.username && !inContainer ? ' (the proxy credentials were not passed to curl on the server: they would show in its process list)' : '';
  const outcome = { ...judged, detail: `${judged.detail}${unsent}` };
  return judged.status === 'pass' ? { outcome, next: run } : { outcome };
}

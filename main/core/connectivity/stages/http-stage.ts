import type tls from 'node:tls';
import { htmlTitle, httpGet, parseAliveBody, withBudget, type HttpOutcome } from '../probes';
import type { Target } from '../targets';
import { interruptedOutcome, type ProbeContext, type StageOutcome, type StageStep } from './stage-types';
import { hostForUrl } from './tunnel-stage';

export interface HttpAnswer extends HttpOutcome {
  /** The time `/alive` answered (its JSON date), when the body is one. */
  serverTime?: number;
}

/** The HTTP stage: GET over the established TLS stream (so it measures exactly the path the earlier stages proved). */
export async function httpStage(target: Target, secure: tls.TLSSocket, ctx: ProbeContext): Promise<StageStep<HttpAnswer>> {
  const hostHeader = target.port === 443 ? hostForUrl(target.host) : `${hostForUrl(target.host)}:${target.port}`;
  let httpError: Error | undefined;
  const result = await withBudget(
    ctx.budgets.httpMs,
    ctx.signal,
    () =>
      httpGet(secure, hostHeader, target.path, ctx.now).catch((error: Error) => {
        httpError = error;
        return undefined;
      }),
    () => secure.destroy(),
  );
  if ('interrupt' in result) {
    if (result.interrupt === 'aborted') return { outcome: interruptedOutcome(ctx, `GET ${target.path}`, 'timeout') };
    return { outcome: { status: 'fail', detail: `GET ${target.path}: no answer within ${ctx.budgets.httpMs} ms`, verdict: 'timeout' } };
  }
  const response = result.value;
  if (!response) {
    return {
      outcome: { status: 'fail', detail: `GET ${target.path} failed: ${httpError?.message ?? 'connection closed'}`, verdict: 'http-unexpected' },
    };
  }
  return judgeHttpAnswer(target, response);
}

/** Bitwarden's `/alive` answers 200 + a JSON date; a custom target passes on any 2xx. A Via header means a middlebox. */
export function judgeHttpAnswer(target: Target, response: HttpOutcome): StageStep<HttpAnswer> {
  const via = response.headers.via;
  const server = response.headers.server;
  const looksHtml = /html/i.test(String(response.headers['content-type'] ?? '')) || /<html/i.test(response.body);
  const title = looksHtml ? htmlTitle(response.body) : undefined;
  const serverTime = parseAliveBody(response.body);
  const facts = [
    `GET ${target.path} → ${response.statusCode}`,
    serverTime !== undefined ? `server time ${new Date(serverTime).toISOString()}` : '',
    title ? `page title "${title}"` : '',
    via ? `Via: ${via}` : '',
    server ? `Server: ${server}` : '',
  ].filter(Boolean);
  const twoXx = response.statusCode >= 200 && response.statusCode < 300;
  const expected = target.expectAlive ? response.statusCode === 200 && serverTime !== undefined : twoXx;
  if (!expected) {
    const why = twoXx
      ? 'the body is not the JSON date /alive answers'
      : `${via ? 'a proxy or gateway answered' : 'unexpected status'}${title ? ' (looks like a block page)' : ''}`;
    return { outcome: { status: 'fail', detail: `${facts.join('; ')} — ${why}`, verdict: 'http-unexpected' } };
  }
  const outcome: StageOutcome = via
    ? { status: 'warn', detail: `${facts.join('; ')} — answered through a proxy or gateway` }
    : { status: 'pass', detail: facts.join('; ') };
  return { outcome, next: { ...response, serverTime } };
}

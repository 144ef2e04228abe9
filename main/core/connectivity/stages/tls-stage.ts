import type { Duplex } from 'node:stream';
import type tls from 'node:tls';
import { tlsHandshake, withBudget } from '../probes';
import type { Target } from '../targets';
import { interruptedOutcome, type Closable, type ProbeContext, type StageStep } from './stage-types';

/** The secured stream, and the interceptor's organisation when the judge thinks TLS is inspected (for the remediation). */
export type TlsStep = StageStep<tls.TLSSocket> & { inspectionBy?: string };

/** The TLS stage: a handshake in our process over the stream the earlier stages opened, judged by `judgeTls`. */
export async function tlsStage(
  target: Target,
  stream: Duplex,
  ctx: ProbeContext,
  track: (stream: Closable) => void,
): Promise<TlsStep> {
  let handshaking: Closable = stream;
  const result = await withBudget(
    ctx.budgets.tlsMs,
    ctx.signal,
    () =>
      tlsHandshake(stream, target.host, ctx.options.ca, ctx.now, (secure) => {
        handshaking = secure;
        track(secure);
      }),
    () => handshaking.destroy(),
  );
  if ('interrupt' in result) {
    if (result.interrupt === 'aborted') return { outcome: interruptedOutcome(ctx, 'TLS handshake', 'timeout') };
    return {
      outcome: {
        status: 'fail',
        detail: `the server accepted the TCP connection but did not complete the TLS handshake within ${ctx.budgets.tlsMs} ms`,
        verdict: 'timeout',
      },
    };
  }
  const { judgement, socket, errorCode, errorMessage } = result.value;
  if (!judgement || !socket) {
    const sni = errorCode === 'ECONNRESET' ? ' — a reset during the handshake is typical of a firewall filtering by server name (SNI)' : '';
    return { outcome: { status: 'fail', detail: `handshake failed (${errorCode}: ${errorMessage})${sni}`, verdict: 'tls-failed' } };
  }
  const outcome = { status: judgement.status, detail: judgement.detail, verdict: judgement.verdict };
  const inspectionBy = judgement.likelyInspectionBy;
  if (judgement.status === 'fail') return { outcome, inspectionBy };
  return { outcome, next: socket, inspectionBy };
}

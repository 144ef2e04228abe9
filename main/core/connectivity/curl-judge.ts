import { judgeConnectAnswer } from './proxy';
import type { CurlFacts } from './curl-probe';
import type { StageBudgets, StageStatus, Verdict } from './types';

export interface JudgedStage {
  status: StageStatus;
  detail: string;
  verdict?: Verdict;
  /** Set when curl's own timings say how long the stage took. */
  ms?: number;
}

/** curl's exit codes for a certificate it refused (60; 51 before curl 7.62) and for handshake failures. */
const CERT_REFUSED = new Set([51, 60]);
const HANDSHAKE_FAILED = new Set([35, 52, 56, 58, 59, 77, 80, 83, 90, 91]);

const said = (facts: CurlFacts) => `curl exit ${facts.exitCode}${facts.message ? `: ${facts.message}` : ''}`;

/** The proxy tunnel as curl on the host saw it. */
export function judgeCurlConnect(facts: CurlFacts, authority: string, budgets: StageBudgets): JudgedStage {
  if (facts.connectCode > 0) {
    const head = facts.connectHead;
    return judgeConnectAnswer(authority, {
      statusCode: facts.connectCode,
      statusLine: head?.statusLine ?? `HTTP ${facts.connectCode}`,
      squidError: head?.headers['x-squid-error'] || undefined,
    });
  }
  if (facts.exitCode === 28) {
    return { status: 'fail', detail: `CONNECT ${authority}: the proxy did not answer within ${budgets.connectMs} ms (${said(facts)})`, verdict: 'proxy-failed' };
  }
  return { status: 'fail', detail: `CONNECT ${authority}: no tunnel (${said(facts)})`, verdict: 'proxy-failed' };
}

/** TLS as curl on the host judged it, against the host's own CA bundle (plus the run's root). */
export function judgeCurlTls(facts: CurlFacts, host: string, budgets: StageBudgets, extraRoot: boolean, where = 'the server'): JudgedStage {
  const ms = facts.timeAppconnect > 0 ? Math.round((facts.timeAppconnect - facts.timeConnect) * 1000) : undefined;
  if (facts.timeAppconnect > 0 || facts.httpCode > 0) {
    return {
      status: 'pass',
      detail: `handshake done and the certificate for ${host} verified by curl on ${where} against its own CA bundle${extraRoot ? ' plus the root given with --ca' : ''} (the chain itself is not shown by this method)`,
      ms,
    };
  }
  const message = facts.message ?? '';
  if (facts.exitCode !== null && CERT_REFUSED.has(facts.exitCode)) {
    if (/expired|not yet valid/i.test(message)) return { status: 'fail', detail: `certificate outside its validity dates (${said(facts)})`, verdict: 'tls-expired' };
    if (/subject name|does not match|alternative certificate/i.test(message)) {
      return { status: 'fail', detail: `the certificate is not valid for ${host} (${said(facts)})`, verdict: 'tls-hostname-mismatch' };
    }
    return {
      status: 'fail',
      detail: `the server does not trust the certificate (${said(facts)}) — TLS inspection, or a root missing from the server's bundle`,
      verdict: 'tls-untrusted',
    };
  }
  if (facts.exitCode === 28) {
    return { status: 'fail', detail: `the TCP connection opened but the TLS handshake did not complete within ${budgets.tlsMs} ms (${said(facts)})`, verdict: 'timeout' };
  }
  const reset = /reset|SSL_ERROR_SYSCALL|unexpected eof/i.test(message);
  const kind = facts.exitCode !== null && HANDSHAKE_FAILED.has(facts.exitCode) ? 'handshake failed' : 'no TLS connection';
  return {
    status: 'fail',
    detail: `${kind} (${said(facts)})${reset ? ' — a reset during the handshake is typical of a firewall filtering by server name (SNI)' : ''}`,
    verdict: 'tls-failed',
  };
}

/** An HTTP failure after TLS (no answer at all); a received answer goes to the usual HTTP judge instead. */
export function judgeCurlNoAnswer(facts: CurlFacts, path: string, budgets: StageBudgets): JudgedStage {
  if (facts.exitCode === 28) return { status: 'fail', detail: `GET ${path}: no answer within ${budgets.httpMs} ms (${said(facts)})`, verdict: 'timeout' };
  return { status: 'fail', detail: `GET ${path} failed (${said(facts)})`, verdict: 'http-unexpected' };
}

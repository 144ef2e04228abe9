import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { startAttemptBudget } from './attempt-budget';
import type { Host } from '../host/host';
import { fingerprintsOfPem, judgeTls, publicRootIndex, type CertSummary, type TlsJudgement } from './tls-judge';

/** Why a budgeted wait ended early. */
export type Interrupt = 'timeout' | 'aborted';

/** Runs `start` with a timer; `cleanup` is called on timeout/abort so sockets never outlive their budget. */
export function withBudget<T>(
  ms: number,
  signal: AbortSignal,
  start: () => Promise<T>,
  cleanup: () => void = () => {},
): Promise<{ value: T } | { interrupt: Interrupt }> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      resolve({ interrupt: 'aborted' });
      return;
    }
    let done = false;
    const finish = (result: { value: T } | { interrupt: Interrupt }, error?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if ('interrupt' in result) cleanup();
      if (error !== undefined) reject(error);
      else resolve(result);
    };
    const onAbort = () => finish({ interrupt: 'aborted' });
    const timer = setTimeout(() => finish({ interrupt: 'timeout' }), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    start().then(
      (value) => finish({ value }),
      (error: unknown) => finish({ value: undefined as T }, error),
    );
  });
}

export type TcpOutcome = 'connected' | 'refused' | 'timeout' | 'unreachable' | 'error';

export interface TcpAttempt {
  address: string;
  outcome: TcpOutcome;
  ms: number;
  code?: string;
  stream?: Duplex;
}

/** Node errno names (also what `Host.connect` rejects with, from any host) → what they say about the path. */
export function classifyTcpError(code: string | undefined): TcpOutcome {
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPERM': // the host's own firewall rejected it
    case 'EACCES':
      return 'refused';
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return 'unreachable';
    default:
      return 'error';
  }
}

/**
 * The reason a server gives for a failed open (sshd's direct-tcpip refusal, bash's /dev/tcp, curl) as the errno
 * name the judges read: "Connection refused", "Connection timed out", "No route to host", "Name or service not known".
 */
export function errnoFromReason(reason: string): string | undefined {
  const rules: Array<[RegExp, string]> = [
    [/administratively prohibited|forwarding (is )?(disabled|prohibited|refused)/i, 'forwarding-prohibited'],
    [/connection refused/i, 'ECONNREFUSED'],
    [/timed? ?out/i, 'ETIMEDOUT'],
    [/no route to host/i, 'EHOSTUNREACH'],
    [/network is unreachable/i, 'ENETUNREACH'],
    [/connection reset/i, 'ECONNRESET'],
    [/name or service not known|no address associated|could not resolve|not known/i, 'ENOTFOUND'],
    [/temporary failure in name resolution/i, 'EAI_AGAIN'],
  ];
  return rules.find(([pattern]) => pattern.test(reason))?.[1];
}

/**
 * One TCP open through the host with its own budget: neither Node nor a server's own connect has a short
 * timeout (a dropped SYN waits ~2 min), so the budget aborts the attempt.
 */
export async function tcpAttempt(host: Host, address: string, port: number, budgetMs: number, signal: AbortSignal): Promise<TcpAttempt> {
  if (signal.aborted) return { address, outcome: 'timeout', ms: 0, code: 'ABORTED' };
  const budget = startAttemptBudget(budgetMs, signal);
  try {
    const stream = await host.connect(address, port, budget.signal);
    if (budget.why()) {
      // Opened just as the budget ended: too late to count.
      stream.destroy();
      return budget.stopped(address);
    }
    return { address, outcome: 'connected', ms: budget.elapsed(), stream };
  } catch (error) {
    if (budget.why()) return budget.stopped(address);
    // HostConnectError (any host) and Node's own errors both carry an errno name in `code`; a server's words
    // in the message stand in when the code is not one the judges know.
    const raw = (error as { code?: unknown } | undefined)?.code;
    const known = typeof raw === 'string' && (classifyTcpError(raw) !== 'error' || raw === 'forwarding-prohibited') ? raw : undefined;
    const code = known ?? errnoFromReason(error instanceof Error ? error.message : String(error)) ?? (typeof raw === 'string' ? raw : undefined);
    return { address, outcome: classifyTcpError(code), ms: budget.elapsed(), code: code || undefined };
  } finally {
    budget.dispose();
  }
}

export function describeTcpAttempt(a: TcpAttempt, budgetMs: number): string {
  const where = net.isIPv6(a.address) ? `[${a.address}]` : a.address;
  switch (a.outcome) {
    case 'connected':
      return `${where} connected in ${a.ms} ms`;
    case 'refused':
      return `${where} refused (${a.code ?? 'RST'}: something answered and rejected the connection)`;
    case 'timeout':
      return a.code === 'ABORTED'
        ? `${where} stopped (run ended)`
        : `${where} no answer within ${budgetMs} ms (packets silently dropped)`;
    case 'unreachable':
      return `${where} unreachable (${a.code}: no route)`;
    default:
      return `${where} failed (${a.code ?? 'unknown error'})`;
  }
}

export interface ProxyConnectResult {
  statusCode?: number;
  statusLine?: string;
  squidError?: string;
  title?: string;
  closedEarly?: boolean;
}

/** Sends `CONNECT host:port` on an open socket to the proxy and reads the answer head (and a little body on errors). */
export function proxyConnect(socket: Duplex, authority: string, proxyAuth: string | undefined): Promise<ProxyConnectResult> {
  return new Promise((resolve) => {
    let buffer = Buffer.alloc(0);
    let headEnd = -1;
    let head: ProxyConnectResult | undefined;
    let bodyLimit = 0;
    let finishTimer: NodeJS.Timeout | undefined;
    const finish = (result: ProxyConnectResult) => {
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      if (finishTimer) clearTimeout(finishTimer);
      resolve(result);
    };
    const withBody = (): ProxyConnectResult => {
      const body = buffer.subarray(headEnd + 4).toString('latin1');
      const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim();
      return { ...head, title: title || undefined };
    };
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!head) {
        headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd < 0) {
          if (buffer.length > 32_768) finish({ closedEarly: true, statusLine: 'oversized answer' });
          return;
        }
        const lines = buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
        const statusLine = lines[0] ?? '';
        const statusCode = Number(/^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine)?.[1] ?? NaN);
        const headers = new Map<string, string>();
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
        }
        head = { statusLine, ...(Number.isFinite(statusCode) ? { statusCode } : {}) };
        const squid = headers.get('x-squid-error');
        if (squid) head.squidError = squid;
        if (statusCode >= 200 && statusCode < 300) {
          const rest = buffer.subarray(headEnd + 4);
          if (rest.length > 0) socket.unshift(rest);
          finish(head);
          return;
        }
        // An error page: read its body for a <title> (bounded), then stop.
        const length = Number(headers.get('content-length') ?? NaN);
        bodyLimit = Number.isFinite(length) ? Math.min(length, 65_536) : 65_536;
        finishTimer = setTimeout(() => finish(withBody()), 300);
      }
      if (head && buffer.length - headEnd - 4 >= bodyLimit) finish(withBody());
    };
    const onClose = () => finish(head ? withBody() : { closedEarly: true });
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onClose);
    socket.write(
      `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxyAuth ? `Proxy-Authorization: Basic ${proxyAuth}\r\n` : ''}User-Agent: sponsorship-setup-connectivity-check\r\n\r\n`,
    );
  });
}

function certSummary(cert: tls.PeerCertificate, leaf: boolean): CertSummary {
  const pick = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(' / ') : v);
  const subjectCN = pick(cert.subject?.CN);
  const subjectO = pick(cert.subject?.O);
  const issuerCN = pick(cert.issuer?.CN);
  const issuerO = pick(cert.issuer?.O);
  return {
    subjectCN: subjectCN || undefined,
    subjectO: subjectO || undefined,
    issuerCN: issuerCN || undefined,
    issuerO: issuerO || undefined,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    fingerprint256: cert.fingerprint256,
    ...(leaf && cert.subjectaltname ? { altNames: cert.subjectaltname } : {}),
    selfIssued: JSON.stringify(cert.subject) === JSON.stringify(cert.issuer),
  };
}

function peerChain(socket: tls.TLSSocket): { chain: CertSummary[]; raws: Buffer[] } {
  const chain: CertSummary[] = [];
  const raws: Buffer[] = [];
  const seen = new Set<string>();
  let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  while (cert && cert.raw && !seen.has(cert.fingerprint256) && chain.length < 10) {
    seen.add(cert.fingerprint256);
    chain.push(certSummary(cert, chain.length === 0));
    raws.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return { chain, raws };
}

export interface TlsOutcome {
  socket?: tls.TLSSocket;
  judgement?: TlsJudgement;
  /** Handshake error before any certificate could be judged. */
  errorCode?: string;
  errorMessage?: string;
}

/** TLS over an already-open socket (direct or through a CONNECT tunnel); the judgement decides, not OpenSSL's reject. */
export function tlsHandshake(
  socket: Duplex,
  host: string,
  ca: string | undefined,
  now: () => number,
  onSocket: (secure: tls.TLSSocket) => void,
): Promise<TlsOutcome> {
  return new Promise((resolve) => {
    const secure = tls.connect({
      socket,
      // `host` is what Node checks the certificate's names against (it defaults to "localhost" with a socket).
      host,
      ...(net.isIP(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      // Passing `ca` replaces Node's roots, so keep the public ones and add the run's root.
      ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}),
    });
    // The caller destroys the TLS socket (not the one under it) on timeout: tearing the wrapped socket down
    // under a handshake in progress crashed Node 20 here.
    onSocket(secure);
    const onError = (error: NodeJS.ErrnoException) => {
      secure.destroy();
      resolve({ errorCode: error.code ?? 'ERR_TLS', errorMessage: error.message });
    };
    secure.once('error', onError);
    secure.once('secureConnect', () => {
      secure.off('error', onError);
      secure.on('error', () => {}); // later errors surface in the HTTP stage
      const { chain, raws } = peerChain(secure);
      const roots = publicRootIndex();
      const runCa = fingerprintsOfPem(ca);
      const top = chain[chain.length - 1];
      const topRaw = raws[raws.length - 1];
      let chainsToPublicRoot = false;
      if (top && topRaw) {
        chainsToPublicRoot = roots.fingerprints.has(top.fingerprint256);
        if (!chainsToPublicRoot && !top.selfIssued) {
          const topCert = new X509Certificate(topRaw);
          chainsToPublicRoot = roots.certs.some((root) => topCert.checkIssued(root) && topCert.verify(root.publicKey));
        }
      }
      const leafCert = secure.getPeerCertificate();
      const hostnameError = leafCert && leafCert.raw ? tls.checkServerIdentity(host, leafCert)?.message : 'no certificate';
      const issuerOrganisation = top ? (top.selfIssued ? top.subjectO : top.issuerO) : undefined;
      const judgement = judgeTls({
        host,
        protocol: secure.getProtocol(),
        authorized: secure.authorized,
        ...(secure.authorizationError ? { authorizationError: String((secure.authorizationError as NodeJS.ErrnoException).code ?? secure.authorizationError) } : {}),
        hostnameError,
        chain,
        chainsToPublicRoot,
        chainsToRunCa: Boolean(top && runCa.has(top.fingerprint256)),
        issuerIsPublicCaOrganisation: Boolean(issuerOrganisation && roots.organisations.has(issuerOrganisation)),
        nowMs: now(),
      });
      resolve({ socket: secure, judgement });
    });
  });
}

export interface HttpOutcome {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  sentAt: number;
  receivedAt: number;
}

/** GET over the established TLS socket (so the HTTP stage measures exactly the path the earlier stages proved). */
export function httpGet(
  socket: tls.TLSSocket,
  hostHeader: string,
  path: string,
  now: () => number,
): Promise<HttpOutcome> {
  return new Promise((resolve, reject) => {
    const sentAt = now();
    const request = http.request({
      method: 'GET',
      path,
      headers: {
        Host: hostHeader,
        'User-Agent': 'sponsorship-setup-connectivity-check',
        Accept: 'application/json, */*;q=0.5',
        Connection: 'close',
      },
      createConnection: () => socket,
    });
    request.once('error', reject);
    request.once('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < 65_536) chunks.push(chunk);
        size += chunk.length;
      });
      const done = () =>
        resolve({
          statusCode: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8').slice(0, 65_536),
          sentAt,
          receivedAt: now(),
        });
      response.once('end', done);
      response.once('aborted', done);
      response.once('error', reject);
    });
    request.end();
  });
}

/** `/alive` answers .NET's DateTime.UtcNow as a JSON string, e.g. "2025-01-02T03:04:05.1234567Z". */
export function parseAliveBody(body: string): number | undefined {
  const match = /^\s*"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?"\s*$/.exec(body);
  if (!match) return undefined;
  const fraction = match[2] ? match[2].slice(0, 4) : '';
  const parsed = Date.parse(`${match[1]}${fraction}${match[3] ?? 'Z'}`);
  return Number.isFinite(parsed) ? parsed : undefined;
}

export function htmlTitle(body: string): string | undefined {
  return /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
}

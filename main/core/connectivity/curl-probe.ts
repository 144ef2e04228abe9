import net from 'node:net';
import type { Host } from '../host/host';
import type { HttpOutcome } from './probes';
import type { StageBudgets } from './types';

/** Marks the line curl's `-w` writes after the headers and body, so it is never confused with the body. */
export const CURL_MARK = '@@sponsorship-setup-curl@@';

export interface CurlHead {
  statusLine: string;
  statusCode: number;
  headers: Record<string, string>;
}

/** What one `curl` run on the host says, parsed from its exit code, stderr, `-D -` headers and `-w` line. */
export interface CurlFacts {
  exitCode: number | null;
  /** curl's own words after "curl: (N) ". */
  message?: string;
  /** The final answer's status (0: none). */
  httpCode: number;
  /** The proxy's answer to CONNECT (0: no tunnel asked or no answer). */
  connectCode: number;
  /** Seconds from start until TCP (to the proxy or host) and TLS were done; 0 when not reached. */
  timeConnect: number;
  timeAppconnect: number;
  timeTotal: number;
  connectHead?: CurlHead;
  response?: CurlHead & { body: string };
}

const secs = (ms: number) => (ms / 1000).toFixed(3);
const hostPort = (address: string) => (net.isIPv6(address) ? `[${address}]` : address);

export interface CurlRequest {
  url: string;
  /** The name curl must dial at `address` (the target, or the proxy). */
  dialName: string;
  dialPort: number;
  address: string;
  /**
   * A proxy URL without credentials (they would show in the host's process list); `environment`: curl reads
   * the host's own HTTPS_PROXY (a container's, credentials included, as its .NET services do); absent: direct.
   */
  proxy?: string;
  budgets: StageBudgets;
}

/** curl arguments that dial exactly the address the TCP stage proved, with our budgets; never a shell string. */
export function curlArgs(request: CurlRequest): string[] {
  const { budgets } = request;
  return [
    '-sS',
    '--connect-timeout', secs(budgets.tcpMs),
    // The TCP stage already proved the path: the run as a whole keeps the tunnel, TLS and HTTP budgets.
    '--max-time', secs(budgets.connectMs + budgets.tlsMs + budgets.httpMs),
    '--resolve', `${request.dialName}:${request.dialPort}:${hostPort(request.address)}`,
    ...(request.proxy === 'environment' ? [] : request.proxy ? ['--proxy', request.proxy, '--proxytunnel'] : ['--noproxy', '*']),
    '-H', 'User-Agent: sponsorship-setup-connectivity-check',
    '-H', 'Accept: application/json, */*;q=0.5',
    '-D', '-',
    '-o', '-',
    '-w', `\n${CURL_MARK} %{http_code} %{http_connect} %{time_connect} %{time_appconnect} %{time_total}\n`,
    request.url,
  ];
}

/**
 * Adds a root for this run to the host's CA bundle (Debian/Ubuntu or RHEL path) in a temp file, then runs curl:
 * `--cacert` alone would replace the public roots.
 */
const WITH_EXTRA_ROOT =
  'ca=$(mktemp) || exit 77; trap \'rm -f "$ca"\' EXIT; ' +
  '{ cat /etc/ssl/certs/ca-certificates.crt /etc/pki/tls/certs/ca-bundle.crt 2>/dev/null; printf "%s\\n" "$1"; } >"$ca"; ' +
  'shift; curl --cacert "$ca" "$@"';

export async function runCurl(
  host: Host,
  request: CurlRequest,
  ca: string | undefined,
  signal: AbortSignal,
  prefix: string[] = [],
): Promise<CurlFacts & { spawnError?: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const args = curlArgs(request);
  const [command, ...rest] = ca
    ? [...prefix, 'bash', '-c', WITH_EXTRA_ROOT, 'probe', ca, ...args]
    : [...prefix, 'curl', ...args];
  const result = await host.run({
    command: command!,
    args: rest,
    cwd: '/',
    signal,
    killGraceMs: 200,
    onLine: (line) => (line.stream === 'stdout' ? stdout : stderr).push(line.text),
  });
  const facts = parseCurlOutput(stdout, stderr, result.exitCode);
  return result.spawnError ? { ...facts, spawnError: result.spawnError } : facts;
}

function parseHead(lines: string[]): CurlHead {
  const statusLine = lines[0] ?? '';
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine, statusCode: Number(/^HTTP\/[\d.]+\s+(\d{3})/.exec(statusLine)?.[1] ?? 0), headers };
}

/** Splits `-D - -o -` output: header blocks (a CONNECT answer first when tunnelling), then the body, then the mark. */
export function parseCurlOutput(stdoutLines: string[], stderrLines: string[], exitCode: number | null): CurlFacts {
  const lines = stdoutLines.map((l) => l.replace(/\r$/, ''));
  const markAt = lines.findLastIndex((l) => l.startsWith(CURL_MARK));
  const [httpCode = 0, connectCode = 0, timeConnect = 0, timeAppconnect = 0, timeTotal = 0] =
    markAt >= 0 ? lines[markAt]!.slice(CURL_MARK.length).trim().split(/\s+/).map(Number) : [];
  const content = markAt >= 0 ? lines.slice(0, markAt) : lines;
  const heads: CurlHead[] = [];
  let i = 0;
  while (i < content.length && /^HTTP\/[\d.]+\s+\d{3}/.test(content[i] ?? '')) {
    const end = content.indexOf('', i);
    const block = content.slice(i, end < 0 ? content.length : end);
    heads.push(parseHead(block));
    i = end < 0 ? content.length : end + 1;
  }
  const message = stderrLines.map((l) => /^curl: \(\d+\) (.*)$/.exec(l)?.[1]).find(Boolean);
  const tunnelled = connectCode > 0 && heads.length > 0;
  const connectHead = tunnelled ? heads[0] : undefined;
  const last = heads.length > (tunnelled ? 1 : 0) ? heads[heads.length - 1] : undefined;
  // The body ends before the newline the `-w` format starts with.
  const body = content.slice(i).join('\n');
  return {
    exitCode,
    message: message || undefined,
    httpCode,
    connectCode,
    timeConnect,
    timeAppconnect,
    timeTotal,
    connectHead,
    ...(last && httpCode > 0 ? { response: { ...last, body } } : {}),
  };
}

/** The final answer as the HTTP judge reads it (times taken around the whole run, for the clock stage). */
export function curlHttpOutcome(facts: CurlFacts, sentAt: number, receivedAt: number): HttpOutcome | undefined {
  const response = facts.response;
  if (!response) return undefined;
  return { statusCode: response.statusCode, headers: response.headers, body: response.body, sentAt, receivedAt };
}

import net from 'node:net';
import { CoreError, redactUrlCredentials } from '../shared';
import type { ProxyConnectResult } from './probes';
import type { ProxySource, SystemProxyResolver, Verdict } from './types';

export interface ProxyChoice {
  source: ProxySource;
  /** Full URL including credentials, used for the CONNECT; never put into reports (use `redactUrlCredentials`). */
  url?: URL;
  detail: string;
  /** A proxy configuration we cannot use (SOCKS, HTTPS proxy): the probe goes direct and the stage warns. */
  warning?: string;
}

/** A parsed proxy URL as shown in reports and messages: credentials hidden, no trailing slash. */
function shown(url: URL): string {
  return redactUrlCredentials(url.href.replace(/\/$/, ''));
}

export function parseProxyUrl(raw: string): URL {
  const trimmed = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CoreError('invalid-proxy-url', `Not a proxy URL: ${redactUrlCredentials(raw, { schemeless: true })}`, 'unusable-input');
  }
  if (url.protocol !== 'http:') {
    throw new CoreError(
      'invalid-proxy-url',
      `Only http:// proxies (HTTP CONNECT) are supported, got ${url.protocol}//`,
      'unusable-input',
    );
  }
  if (!url.hostname) throw new CoreError('invalid-proxy-url', 'The proxy URL has no host.', 'unusable-input');
  return url;
}

export function proxyPort(url: URL): number {
  return url.port ? Number(url.port) : 80;
}

/** True when `NO_PROXY` (curl/.NET semantics: names match themselves and subdomains, `*` = all) exempts host:port. */
export function isExcludedByNoProxy(host: string, port: number, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  for (const rawEntry of noProxy.split(/[\s,]+/)) {
    let entry = rawEntry.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    let entryPort: number | undefined;
    const portMatch = /^(.*?):(\d+)$/.exec(entry);
    if (portMatch && portMatch[1] && !net.isIPv6(entry)) {
      entry = portMatch[1];
      entryPort = Number(portMatch[2]);
    }
    entry = entry.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
    if (entryPort !== undefined && entryPort !== port) continue;
    if (entry.startsWith('.') ? h.endsWith(entry) || h === entry.slice(1) : h === entry || h.endsWith(`.${entry}`)) {
      return true;
    }
    if (entry.includes('/') && net.isIP(h) === 4 && ipv4InCidr(h, entry)) return true;
  }
  return false;
}

function ipv4InCidr(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  if (!base || net.isIP(base) !== 4 || !(bits >= 0 && bits <= 32)) return false;
  const toInt = (a: string) => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toInt(ip) & mask) === (toInt(base) & mask);
}

/**
 * Parses a PAC-style answer from Electron's `session.resolveProxy` ("PROXY h:p; DIRECT").
 * Only the first entry is probed (that is what the app would use first); the rest is reported.
 */
export function parseSystemProxyAnswer(answer: string): { url?: URL; detail: string; warning?: string } {
  const entries = answer.split(';').map((e) => e.trim()).filter(Boolean);
  const first = entries[0] ?? 'DIRECT';
  const rest = entries.length > 1 ? ` (then: ${entries.slice(1).join('; ')})` : '';
  const [kind = '', hostPort = ''] = first.split(/\s+/);
  switch (kind.toUpperCase()) {
    case 'DIRECT':
      return { detail: `system proxy settings say DIRECT${rest}` };
    case 'PROXY':
      return { url: parseProxyUrl(`http://${hostPort}`), detail: `system proxy settings: ${first}${rest}` };
    default:
      return {
        detail: `system proxy settings: ${first}${rest}`,
        warning: `the system proxy "${first}" is not an HTTP proxy this check can use; probing directly instead`,
      };
  }
}

export function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  // curl and .NET read lowercase first; an empty value counts as unset.
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
  return value && value.trim() ? value.trim() : undefined;
}

/** Decides how one target is reached: explicit option, then the app's system resolver, then the environment. */
export async function chooseProxy(
  target: { url: string; host: string; port: number },
  option: string | undefined,
  env: Record<string, string | undefined>,
  resolveSystemProxy: SystemProxyResolver | undefined,
): Promise<ProxyChoice> {
  if (option === 'none') return { source: 'none', detail: 'direct (proxy disabled with --no-proxy)' };
  if (option) {
    const url = parseProxyUrl(option);
    return { source: 'explicit', url, detail: `via ${shown(url)} (given explicitly)` };
  }
  if (resolveSystemProxy) {
    const answer = await resolveSystemProxy(target.url);
    const parsed = parseSystemProxyAnswer(answer);
    if (parsed.url) return { source: 'system', url: parsed.url, detail: `via ${shown(parsed.url)} (${parsed.detail})` };
    return { source: 'system', detail: `direct (${parsed.detail})`, warning: parsed.warning };
  }
  const fromEnv = envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'ALL_PROXY');
  if (!fromEnv) return { source: 'environment', detail: 'direct (no HTTPS_PROXY in the environment)' };
  const noProxy = envValue(env, 'NO_PROXY');
  if (isExcludedByNoProxy(target.host, target.port, noProxy)) {
    return { source: 'environment', detail: `direct (${target.host} matches NO_PROXY=${noProxy})` };
  }
  const url = parseProxyUrl(fromEnv);
  return { source: 'environment', url, detail: `via ${shown(url)} (from HTTPS_PROXY)` };
}

/**
 * The compose service names of the Bitwarden stack (bitwarden/server util/Setup/Templates/DockerCompose.hbs):
 * the containers call each other by these names, which must never go to the proxy.
 */
export const STACK_SERVICE_NAMES = [
  'mssql', 'web', 'attachments', 'api', 'identity', 'sso', 'admin', 'icons', 'notifications', 'events', 'nginx',
  'key-connector', 'scim',
] as const;

export interface EnvEntry {
  key: string;
  value: string;
}

/**
 * Entries for bwdata/env/global.override.env so the .NET services use a proxy: uppercase names, unquoted values
 * (quotes end up inside the value, bitwarden/server#832), and a NO_PROXY without `*` that covers the stack's own names.
 */
export function containerProxyEnv(proxyUrl: string): EnvEntry[] {
  if (/["'\s]/.test(proxyUrl.trim())) {
    throw new CoreError('invalid-proxy-url', 'The proxy URL must not contain quotes or spaces.', 'unusable-input');
  }
  const url = parseProxyUrl(proxyUrl);
  const value = `${url.protocol}//${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}${url.host}`;
  const noProxy = [...STACK_SERVICE_NAMES, 'localhost', '127.0.0.1'].join(',');
  return [
    { key: 'HTTPS_PROXY', value },
    { key: 'HTTP_PROXY', value },
    { key: 'NO_PROXY', value: noProxy },
  ];
}

/** What a proxy's answer to CONNECT means for the target. */
export interface ConnectJudgement {
  status: 'pass' | 'fail';
  detail: string;
  verdict?: Verdict;
}

/**
 * Judges a proxy's answer to `CONNECT authority`: 2xx opens the tunnel; 407 asks for credentials; 403/405 or
 * squid's ERR_ACCESS_DENIED is a policy refusal; any other answer means the proxy could not reach the host,
 * and squid's `X-Squid-Error` says why (ERR_DNS_FAIL, ERR_CONNECT_FAIL, ERR_CANNOT_FORWARD).
 */
export function judgeConnectAnswer(authority: string, answer: ProxyConnectResult): ConnectJudgement {
  const code = answer.statusCode;
  if (answer.closedEarly || code === undefined) {
    return { status: 'fail', detail: `CONNECT ${authority}: the proxy closed the connection without an answer`, verdict: 'proxy-failed' };
  }
  const extras = [answer.squidError ? `X-Squid-Error: ${answer.squidError}` : '', answer.title ? `page title "${answer.title}"` : '']
    .filter(Boolean)
    .join(', ');
  const said = `CONNECT ${authority} → ${answer.statusLine ?? 'no answer'}${extras ? ` (${extras})` : ''}`;
  if (code >= 200 && code < 300) return { status: 'pass', detail: said };
  if (code === 407) return { status: 'fail', detail: `${said} — the proxy requires authentication`, verdict: 'proxy-auth-required' };
  if (code === 403 || code === 405 || /ERR_ACCESS_DENIED/.test(answer.squidError ?? '')) {
    return { status: 'fail', detail: `${said} — the proxy denies this destination`, verdict: 'proxy-denied' };
  }
  return { status: 'fail', detail: `${said} — ${proxyFailureReason(answer.squidError)}`, verdict: 'proxy-failed' };
}

function proxyFailureReason(squidError: string | undefined): string {
  if (!squidError) return 'the proxy could not reach the host (see its log for the cause)';
  if (/ERR_DNS_FAIL/.test(squidError)) return 'the proxy could not resolve the name';
  if (/ERR_CONNECT_FAIL/.test(squidError)) return 'the proxy could not connect to the host';
  if (/ERR_CANNOT_FORWARD/.test(squidError)) {
    return 'the proxy could not forward the request (no usable address for the host: its name did not resolve at the proxy, or no route)';
  }
  return 'the proxy could not forward the request';
}

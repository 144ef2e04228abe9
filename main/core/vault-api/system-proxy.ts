import { CoreError, redactUrlCredentials } from '../shared';

/**
 * The proxy the environment names for `url`, as curl and undici's EnvHttpProxyAgent read it:
 * `HTTPS_PROXY` (then `HTTP_PROXY`) for https, `HTTP_PROXY` for http, lower-case spellings too, and
 * `NO_PROXY` (comma or space separated; `*`, a host, `.suffix` / `*.suffix`, optionally `:port`). `null`: go direct.
 */
export function proxyFromEnvironment(env: NodeJS.ProcessEnv, url: string): string | null {
  const target = new URL(url);
  const read = (name: string) => env[name]?.trim() || env[name.toLowerCase()]?.trim() || '';
  const proxy = target.protocol === 'https:' ? read('HTTPS_PROXY') || read('HTTP_PROXY') : read('HTTP_PROXY');
  if (!proxy) return null;
  if (bypassed(read('NO_PROXY'), target)) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function bypassed(noProxy: string, target: URL): boolean {
  if (!noProxy) return false;
  const hostname = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true;
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
      const name = match[1]!.replace(/^\*?\./, '.');
      if (match[2] && match[2] !== port) return false;
      return name.startsWith('.') ? hostname.endsWith(name) || hostname === name.slice(1) : hostname === name;
    });
}

/**
 * Electron's `session.resolveProxy(url)` answers in PAC form ("PROXY host:port; DIRECT"); the first entry
 * is the one to use. HTTP and HTTPS proxies are supported; SOCKS is refused by name, never treated as direct.
 */
export function proxyFromPacResult(pac: string): string | null {
  const first = pac.split(';')[0]?.trim() ?? '';
  if (!first || /^DIRECT$/i.test(first)) return null;
  const [kind, address] = first.split(/\s+/, 2);
  if (/^PROXY$/i.test(kind ?? '') && address) return `http://${address}`;
  if (/^HTTPS$/i.test(kind ?? '') && address) return `https://${address}`;
  throw new CoreError(
    'system-proxy-unsupported',
    `The system proxy settings name "${redactUrlCredentials(first)}" for this address; only HTTP and HTTPS proxies can carry API calls. Choose Direct or Through the server.`,
    'problem',
  );
}

/** `proxy.example:3128` from a proxy URL, without user or password. */
export function proxyDisplayName(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return redactUrlCredentials(proxyUrl);
  }
}

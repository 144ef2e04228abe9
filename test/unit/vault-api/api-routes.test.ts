import { describe, expect, it } from 'vitest';
import { HostConnectError } from '../../../main/core/host';
import { describeRouteTaken, isApiRouteKind, proxyFromEnvironment, proxyFromPacResult } from '../../../main/core/vault-api';
import { routeFailure } from '../../../main/core/vault-api/route-errors';

const request = { method: 'GET' as const, url: 'https://api.bitwarden.com/accounts/profile', operation: 'GET /accounts/profile' };

describe('route wording', () => {
  it('names the route each request took, without credentials', () => {
    expect(describeRouteTaken({ kind: 'direct' })).toBe('direct');
    expect(describeRouteTaken({ kind: 'server', via: 'admin@bw1.example' })).toBe('through server admin@bw1.example');
    expect(describeRouteTaken({ kind: 'system-proxy', via: 'proxy.corp:3128' })).toBe('through the system proxy proxy.corp:3128');
    expect(describeRouteTaken({ kind: 'system-proxy' })).toMatch(/^direct \(the system proxy settings name no proxy/);
  });

  it('knows exactly the three route kinds', () => {
    expect(['direct', 'system-proxy', 'server'].every(isApiRouteKind)).toBe(true);
    expect(['Direct', 'proxy', '', 'server ', undefined, 3].some(isApiRouteKind)).toBe(false);
  });
});

describe('proxyFromEnvironment', () => {
  it('uses HTTPS_PROXY for https, falling back to HTTP_PROXY, and adds http:// to a bare host:port', () => {
    expect(proxyFromEnvironment({ HTTPS_PROXY: 'http://p1:3128', HTTP_PROXY: 'http://p2:80' }, 'https://api.bitwarden.com/x')).toBe('http://p1:3128');
    expect(proxyFromEnvironment({ HTTP_PROXY: 'p2:8080' }, 'https://api.bitwarden.com/x')).toBe('http://p2:8080');
    expect(proxyFromEnvironment({ https_proxy: 'http://lower:1' }, 'https://api.bitwarden.com/x')).toBe('http://lower:1');
    expect(proxyFromEnvironment({}, 'https://api.bitwarden.com/x')).toBeNull();
  });

  it('honours NO_PROXY: *, exact names, .suffix and *.suffix, and ports', () => {
    const env = (NO_PROXY: string) => ({ HTTPS_PROXY: 'http://p:3128', NO_PROXY });
    expect(proxyFromEnvironment(env('*'), 'https://vault.example/api')).toBeNull();
    expect(proxyFromEnvironment(env('vault.example'), 'https://vault.example/api')).toBeNull();
    expect(proxyFromEnvironment(env('.example'), 'https://vault.example/api')).toBeNull();
    expect(proxyFromEnvironment(env('*.example'), 'https://vault.example/api')).toBeNull();
    expect(proxyFromEnvironment(env('localhost, vault.example:8443'), 'https://vault.example/api')).toBe('http://p:3128');
    expect(proxyFromEnvironment(env('vault.example:8443'), 'https://vault.example:8443/api')).toBeNull();
    expect(proxyFromEnvironment(env('other.example'), 'https://vault.example/api')).toBe('http://p:3128');
    expect(proxyFromEnvironment(env('ample'), 'https://vault.example/api')).toBe('http://p:3128');
  });
});

describe('proxyFromPacResult (Electron session.resolveProxy)', () => {
  it('takes the first entry: DIRECT, PROXY and HTTPS', () => {
    expect(proxyFromPacResult('DIRECT')).toBeNull();
    expect(proxyFromPacResult('')).toBeNull();
    expect(proxyFromPacResult('PROXY proxy.corp:3128; DIRECT')).toBe('http://proxy.corp:3128');
    expect(proxyFromPacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
  });

  it('refuses SOCKS by name instead of going direct', () => {
    expect(() => proxyFromPacResult('SOCKS5 socks.corp:1080; DIRECT')).toThrow(expect.objectContaining({ code: 'system-proxy-unsupported' }));
  });
});

describe('routeFailure', () => {
  const server = { kind: 'server' as const, via: 'admin@bw1.example' };
  const failing = (code: string) => Object.assign(new Error('fetch failed'), { cause: new HostConnectError(code, `bw1 could not open: ${code}`) });

  it('maps the server route failures to vault-* codes whose message names the server and the route', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['forwarding-prohibited', 'vault-route-refused', /does not allow TCP forwarding/],
      ['ECONNREFUSED', 'vault-unreachable', /server admin@bw1.example cannot reach api.bitwarden.com:443 \(ECONNREFUSED/],
      ['ETIMEDOUT', 'vault-timeout', /got no answer from api.bitwarden.com:443 in time/],
      ['ENOTFOUND', 'vault-unreachable', /cannot resolve api.bitwarden.com:443/],
      ['EHOSTUNREACH', 'vault-unreachable', /has no route to/],
    ];
    for (const [hostCode, apiCode, words] of cases) {
      const error = routeFailure(failing(hostCode), request, server);
      expect(error?.code, hostCode).toBe(apiCode);
      expect(error?.message, hostCode).toMatch(words);
      expect(error?.info.route).toBe('server');
      expect(error?.info.routeTaken).toBe('through server admin@bw1.example');
    }
  });

  it('names a proxy that refuses the tunnel, and leaves other failures to the transport', () => {
    const refused = Object.assign(new Error('fetch failed'), { cause: new Error('Proxy response (407) !== 200 when HTTP Tunneling') });
    const error = routeFailure(refused, request, { kind: 'system-proxy', via: 'proxy.corp:3128' });
    expect(error?.code).toBe('vault-proxy-refused');
    expect(error?.status).toBe(407);
    expect(error?.message).toContain('the system proxy proxy.corp:3128 refused the tunnel');
    expect(routeFailure(new Error('other'), request, { kind: 'direct' })).toBeUndefined();
    expect(routeFailure(new Error('other'), request, server)).toBeUndefined();
  });
});

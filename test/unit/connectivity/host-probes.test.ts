import { describe, expect, it } from 'vitest';
import { parseGetentAhosts } from '../../../main/core/connectivity/host-lookup';
import { classifyDnsError } from '../../../main/core/connectivity/dns-stage';
import { classifyTcpError, errnoFromReason } from '../../../main/core/connectivity/probes';
import { CURL_MARK, curlArgs, parseCurlOutput } from '../../../main/core/connectivity/curl-probe';
import { judgeCurlConnect, judgeCurlTls } from '../../../main/core/connectivity/curl-judge';
import { DEFAULT_BUDGETS } from '../../../main/core/connectivity';

describe('parseGetentAhosts', () => {
  it('keeps each address once, in the resolver order, IPv6 and IPv4', () => {
    const output = [
      '2606:4700::6810:84e5 STREAM api.bitwarden.com',
      '2606:4700::6810:84e5 DGRAM  ',
      '2606:4700::6810:84e5 RAW    ',
      '104.16.132.229  STREAM ',
      '104.16.132.229  DGRAM  ',
      '104.16.133.229  STREAM ',
      '',
    ].join('\n');
    expect(parseGetentAhosts(output)).toEqual([
      { address: '2606:4700::6810:84e5', family: 6 },
      { address: '104.16.132.229', family: 4 },
      { address: '104.16.133.229', family: 4 },
    ]);
  });

  it('ignores lines that are not addresses (warnings, blank lines)', () => {
    expect(parseGetentAhosts('getent: warning\n\r\n0.0.0.0 STREAM api.bitwarden.com\r\n')).toEqual([{ address: '0.0.0.0', family: 4 }]);
    expect(parseGetentAhosts('')).toEqual([]);
  });

  it("says getent's exit 2 is dns-failed in its own words, and a missing getent dns-unavailable", () => {
    expect(classifyDnsError('GETENT_NO_ADDRESS')).toMatchObject({ verdict: 'dns-failed', explanation: expect.stringContaining('getent ahosts exit 2') });
    expect(classifyDnsError('GETENT_MISSING').verdict).toBe('dns-unavailable');
  });
});

describe("a server's words for a failed open", () => {
  it.each([
    ['open failed: administratively prohibited', 'forwarding-prohibited', 'error'],
    ['bash: connect: Connection refused', 'ECONNREFUSED', 'refused'],
    ['connect to host 10.0.0.1 port 443: Connection timed out', 'ETIMEDOUT', 'timeout'],
    ['bash: connect: No route to host', 'EHOSTUNREACH', 'unreachable'],
    ['bash: connect: Network is unreachable', 'ENETUNREACH', 'unreachable'],
    ['bash: line 1: /dev/tcp/api.bitwarden.nx/443: Name or service not known', 'ENOTFOUND', 'error'],
  ])('%s → %s', (reason, errno, outcome) => {
    expect(errnoFromReason(reason)).toBe(errno);
    expect(classifyTcpError(errno)).toBe(outcome);
  });

  it('leaves words it does not know unmapped', () => {
    expect(errnoFromReason('something else went wrong')).toBeUndefined();
  });
});

const mark = (fields: string) => `${CURL_MARK} ${fields}`;

describe('curl on the host', () => {
  it('dials the proved address with our budgets and never goes through the host proxy unless asked', () => {
    const args = curlArgs({ url: 'https://api.bitwarden.com/alive', dialName: 'api.bitwarden.com', dialPort: 443, address: '2001:db8::1', budgets: DEFAULT_BUDGETS });
    expect(args).toEqual(expect.arrayContaining(['--resolve', 'api.bitwarden.com:443:[2001:db8::1]', '--noproxy', '*', '--connect-timeout', '5.000', '--max-time', '25.000']));
    const proxied = curlArgs({ url: 'https://x.test/alive', dialName: 'proxy.corp', dialPort: 3128, address: '10.0.0.3', proxy: 'http://proxy.corp:3128', budgets: DEFAULT_BUDGETS });
    expect(proxied).toEqual(expect.arrayContaining(['--proxy', 'http://proxy.corp:3128', '--resolve', 'proxy.corp:3128:10.0.0.3']));
    expect(proxied).not.toContain('--noproxy');
  });

  it('splits a tunnelled answer into the CONNECT head, the final head and the body', () => {
    const stdout = [
      'HTTP/1.1 200 Connection established\r', '\r',
      'HTTP/1.1 200 OK\r', 'Content-Type: application/json\r', 'Date: Tue, 01 Dec 2026 19:00:00 GMT\r', '\r',
      '"2026-12-01T19:00:00.1234567Z"',
      mark('200 200 0.001 0.020 0.031'),
    ];
    const facts = parseCurlOutput(stdout, [], 0);
    expect(facts).toMatchObject({ exitCode: 0, httpCode: 200, connectCode: 200, timeConnect: 0.001, timeAppconnect: 0.02, timeTotal: 0.031 });
    expect(facts.connectHead?.statusLine).toBe('HTTP/1.1 200 Connection established');
    expect(facts.response).toMatchObject({ statusCode: 200, body: '"2026-12-01T19:00:00.1234567Z"' });
    expect(facts.response?.headers['content-type']).toBe('application/json');
  });

  it('reads a refused CONNECT with its X-Squid-Error and judges it like the in-process probe', () => {
    const stdout = ['HTTP/1.1 403 Forbidden\r', 'X-Squid-Error: ERR_ACCESS_DENIED 0\r', '\r', mark('000 403 0.001 0.000 0.002')];
    const facts = parseCurlOutput(stdout, ['curl: (56) CONNECT tunnel failed, response 403'], 56);
    expect(facts).toMatchObject({ httpCode: 0, connectCode: 403, message: 'CONNECT tunnel failed, response 403' });
    expect(facts.response).toBeUndefined();
    expect(judgeCurlConnect(facts, 'api.bitwarden.com:443', DEFAULT_BUDGETS)).toMatchObject({
      status: 'fail', verdict: 'proxy-denied', detail: expect.stringContaining('X-Squid-Error: ERR_ACCESS_DENIED 0'),
    });
  });

  it.each([
    [60, 'SSL certificate problem: self-signed certificate in certificate chain', 'tls-untrusted'],
    [60, 'SSL certificate problem: certificate has expired', 'tls-expired'],
    [60, "SSL: no alternative certificate subject name matches target host name 'api.bitwarden.com'", 'tls-hostname-mismatch'],
    [35, 'OpenSSL SSL_connect: Connection reset by peer in connection to api.bitwarden.com:443', 'tls-failed'],
    [28, 'Operation timed out after 5001 milliseconds with 0 bytes received', 'timeout'],
  ])('curl exit %i "%s" → %s', (exitCode, message, verdict) => {
    const facts = parseCurlOutput([mark('000 000 0.001 0.000 5.001')], [`curl: (${exitCode}) ${message}`], exitCode);
    expect(judgeCurlTls(facts, 'api.bitwarden.com', DEFAULT_BUDGETS, false)).toMatchObject({ status: 'fail', verdict });
  });

  it('passes TLS once curl got past the handshake, timing it from curl', () => {
    const facts = parseCurlOutput([mark('403 000 0.010 0.060 0.070')], [], 0);
    expect(judgeCurlTls(facts, 'api.bitwarden.com', DEFAULT_BUDGETS, true)).toMatchObject({ status: 'pass', ms: 50 });
  });
});

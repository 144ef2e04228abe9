import { describe, expect, it } from 'vitest';
import { judgeConnectAnswer } from '../../../main/core/connectivity/proxy';

// Answers as tinyproxy 1.11 and squid 5.7 send them (observed against the real proxies in the integration tests).
const AUTHORITY = 'api.bitwarden.com:443';

describe('judgeConnectAnswer', () => {
  it('opens the tunnel on 2xx and quotes the status line', () => {
    const judged = judgeConnectAnswer(AUTHORITY, { statusCode: 200, statusLine: 'HTTP/1.1 200 Connection established' });
    expect(judged).toEqual({ status: 'pass', detail: 'CONNECT api.bitwarden.com:443 → HTTP/1.1 200 Connection established' });
  });

  it('names 407 proxy-auth-required', () => {
    const judged = judgeConnectAnswer(AUTHORITY, { statusCode: 407, statusLine: 'HTTP/1.1 407 Proxy Authentication Required' });
    expect(judged.verdict).toBe('proxy-auth-required');
    expect(judged.detail).toMatch(/requires authentication$/);
  });

  it('names a policy refusal proxy-denied: 403, 405, or squid ERR_ACCESS_DENIED on any status', () => {
    expect(judgeConnectAnswer(AUTHORITY, { statusCode: 403, statusLine: 'HTTP/1.1 403 Forbidden' }).verdict).toBe('proxy-denied');
    expect(judgeConnectAnswer(AUTHORITY, { statusCode: 405, statusLine: 'HTTP/1.1 405 Method Not Allowed' }).verdict).toBe('proxy-denied');
    const squid = judgeConnectAnswer(AUTHORITY, {
      statusCode: 500, statusLine: 'HTTP/1.1 500 Internal Server Error', squidError: 'ERR_ACCESS_DENIED 0', title: 'ERROR: The requested URL could not be retrieved',
    });
    expect(squid.verdict).toBe('proxy-denied');
    expect(squid.detail).toContain('(X-Squid-Error: ERR_ACCESS_DENIED 0, page title "ERROR: The requested URL could not be retrieved")');
  });

  it('reads why squid could not reach the host from X-Squid-Error', () => {
    const reason = (squidError: string, statusCode = 503) =>
      judgeConnectAnswer(AUTHORITY, { statusCode, statusLine: `HTTP/1.1 ${statusCode} x`, squidError });
    expect(reason('ERR_DNS_FAIL 0').detail).toMatch(/could not resolve the name$/);
    expect(reason('ERR_CONNECT_FAIL 111').detail).toMatch(/could not connect to the host$/);
    expect(reason('ERR_CANNOT_FORWARD 0', 500).detail).toMatch(/no usable address for the host/);
    expect(reason('ERR_READ_TIMEOUT 0').detail).toMatch(/could not forward the request$/);
    for (const code of ['ERR_DNS_FAIL 0', 'ERR_CONNECT_FAIL 111', 'ERR_CANNOT_FORWARD 0', 'ERR_READ_TIMEOUT 0']) {
      expect(reason(code).verdict, code).toBe('proxy-failed');
    }
  });

  it('without X-Squid-Error (tinyproxy 500 for both refused and DNS failure) points at the proxy log', () => {
    const judged = judgeConnectAnswer(AUTHORITY, { statusCode: 500, statusLine: 'HTTP/1.0 500 Unable to connect' });
    expect(judged).toMatchObject({ status: 'fail', verdict: 'proxy-failed' });
    expect(judged.detail).toMatch(/see its log for the cause/);
  });

  it('names a proxy that hung up without an answer proxy-failed', () => {
    expect(judgeConnectAnswer(AUTHORITY, { closedEarly: true })).toEqual({
      status: 'fail', detail: 'CONNECT api.bitwarden.com:443: the proxy closed the connection without an answer', verdict: 'proxy-failed',
    });
    expect(judgeConnectAnswer(AUTHORITY, { statusLine: 'garbage' }).verdict).toBe('proxy-failed');
  });
});

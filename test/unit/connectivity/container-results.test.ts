import { describe, expect, it } from 'vitest';
import { judgeContainerCommand } from '../../../main/core/connectivity';

describe('judgeContainerCommand', () => {
  it('reads the proxy variables: none is a pass (direct), lines are listed', () => {
    expect(judgeContainerCommand('proxy-env', 1, [], [])).toEqual({ status: 'pass', finding: 'no proxy variables: the container connects directly' });
    expect(judgeContainerCommand('proxy-env', 0, ['HTTPS_PROXY=http://***@proxy.corp:3128'], [])).toEqual({
      status: 'pass', finding: 'proxy variables: HTTPS_PROXY=http://***@proxy.corp:3128',
    });
  });

  it('names a name the container cannot resolve', () => {
    expect(judgeContainerCommand('dns', 2, [], [])).toEqual({ status: 'fail', finding: 'the container cannot resolve the names (getent exit 2)' });
  });

  it('passes HTTPS only on 200 and says what a curl exit code means', () => {
    expect(judgeContainerCommand('https', 0, ['200 0.105s'], [])).toEqual({ status: 'pass', finding: 'HTTP 200 in 0.105s (TLS done)' });
    expect(judgeContainerCommand('https', 0, ['403 0.100s'], []).status).toBe('fail');
    const untrusted = judgeContainerCommand('https', 60, ['000 0.000000s'], ['curl: (60) SSL certificate problem: self-signed certificate in certificate chain']);
    expect(untrusted.finding).toMatch(/^curl exit 60: the container does not trust the certificate .*\(curl: \(60\) SSL certificate problem/);
    expect(judgeContainerCommand('https', 6, [], []).finding).toMatch(/does not resolve inside the container/);
  });

  it('puts a stopped or missing container before anything else', () => {
    const stopped = judgeContainerCommand('https', 1, [], ['Error response from daemon: container bitwarden-api is not running']);
    expect(stopped).toEqual({ status: 'fail', finding: 'docker exec failed: Error response from daemon: container bitwarden-api is not running' });
    expect(judgeContainerCommand('dns', 1, [], ['Error: No such container: bitwarden-admin']).finding).toMatch(/No such container/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck, type ConnectivityOptions, type RunHooks } from '../../../main/core/connectivity';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';
import { closedPort, startHttpsServer, type RunningServer } from '../../support/network/servers';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { startDnsmasq, type RunningDnsmasq } from '../../support/network/dnsmasq';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// Real tinyproxy and squid on loopback ports, tunnelling to a loopback HTTPS server. Targets are IP literals
// (or names only the test's dnsmasq knows), so neither proxy ever asks the machine's resolver.
let pki: TestPki;
let root: TestCa;
let server: RunningServer;
let refusedPort: number;
let tinyproxy: RunningProxy;
let tinyproxyStrict: RunningProxy;
let tinyproxyAuth: RunningProxy;
let squid: RunningProxy | undefined;
let squidSkip = '';
let dnsmasq: RunningDnsmasq | undefined;

beforeAll(async () => {
  pki = await createTestPki();
  root = await pki.createCa('Proxy Test Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(root, { commonName: 'api.bitwarden.test', ipAddresses: ['127.0.0.1'] });
  server = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  refusedPort = await closedPort();
  [tinyproxy, tinyproxyStrict, tinyproxyAuth] = await Promise.all([
    startProxy({ kind: 'tinyproxy' }),
    startProxy({ kind: 'tinyproxy', connectPorts: [443] }),
    startProxy({ kind: 'tinyproxy', basicAuth: { user: 'alice', password: 's3cret-pw' } }),
  ]);
  try {
    // Squid resolves through its own DNS client on port 53: a dnsmasq that says NXDOMAIN for everything.
    const dnsAddress = `127.53.${process.pid % 250}.1`;
    dnsmasq = await startDnsmasq({ address: dnsAddress, port: 53, args: ['--address=/#/'] });
    squid = await startProxy({ kind: 'squid', sslPorts: [443, server.port, refusedPort], dnsServer: dnsAddress });
  } catch (error) {
    squidSkip = `squid could not start here: ${(error as Error).message.slice(0, 300)}`;
    console.warn(`[connectivity-test] ${squidSkip}`);
  }
}, 30_000);

afterAll(async () => {
  await Promise.all([tinyproxy, tinyproxyStrict, tinyproxyAuth, squid].map((p) => p?.close()));
  await dnsmasq?.close();
  await server?.close();
  await pki?.dispose();
});

const url = (port: number, host = '127.0.0.1') => `https://${host}:${port}/alive`;

function check(targetUrl: string, extra: Partial<ConnectivityOptions>, hooks: RunHooks = {}) {
  return runConnectivityCheck({ urls: [targetUrl], ca: root.certPem, timeoutMs: 2500, ...extra }, { env: {}, ...hooks });
}

describe('through a real tinyproxy', () => {
  it('tunnels with CONNECT and passes every stage', async () => {
    const report = await check(url(server.port), { proxy: tinyproxy.url });
    const target = onlyTarget(report);
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'connect').status).toBe('pass');
    expect(stageOf(target, 'connect').detail).toMatch(/→ HTTP\/1\.[01] 200/);
    expect(stageOf(target, 'dns').detail).toMatch(/proxy http:\/\/127\.0\.0\.1:\d+: 127\.0\.0\.1 is an IP address/);
    expect(report.proxy).toMatchObject({ source: 'explicit', url: tinyproxy.url });
  });

  it('takes the proxy from HTTPS_PROXY and honours NO_PROXY', async () => {
    const viaEnv = onlyTarget(await check(url(server.port), {}, { env: { HTTPS_PROXY: tinyproxy.url } }));
    expect(viaEnv.verdict).toBe('ok');
    expect(stageOf(viaEnv, 'proxy').detail).toMatch(/from HTTPS_PROXY/);
    expect(stageOf(viaEnv, 'connect').status).toBe('pass');
    const exempt = onlyTarget(await check(url(server.port), {}, { env: { HTTPS_PROXY: tinyproxy.url, NO_PROXY: 'localhost,127.0.0.1' } }));
    expect(exempt.verdict).toBe('ok');
    expect(stageOf(exempt, 'proxy').detail).toMatch(/matches NO_PROXY/);
    expect(stageOf(exempt, 'connect').status).toBe('skipped');
  });

  it('uses the proxy the injected system resolver (PAC) names', async () => {
    const asked: string[] = [];
    const report = await check(url(server.port), {}, {
      resolveSystemProxy: async (u) => {
        asked.push(u);
        return `PROXY 127.0.0.1:${tinyproxy.port}; DIRECT`;
      },
    });
    const target = onlyTarget(report);
    expect(asked).toEqual([url(server.port)]);
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'proxy').detail).toMatch(/system proxy settings: PROXY 127\.0\.0\.1:\d+ \(then: DIRECT\)/);
    expect(report.proxy.source).toBe('system');
  });

  it('names a CONNECT refused by the proxy ACL proxy-denied', async () => {
    const target = onlyTarget(await check(url(server.port), { proxy: tinyproxyStrict.url }));
    expect(target.verdict).toBe('proxy-denied');
    expect(target.failedStage).toBe('connect');
    expect(stageOf(target, 'connect').detail).toMatch(/403/);
  });

  it('names a 407 proxy-auth-required, and passes with credentials that never appear in the report', async () => {
    const denied = onlyTarget(await check(url(server.port), { proxy: tinyproxyAuth.url }));
    expect(denied.verdict).toBe('proxy-auth-required');
    expect(denied.failedStage).toBe('connect');
    expect(stageOf(denied, 'connect').detail).toMatch(/407/);

    const withPassword = tinyproxyAuth.url.replace('http://', 'http://alice:s3cret-pw@');
    const report = await check(url(server.port), { proxy: withPassword });
    expect(onlyTarget(report).verdict).toBe('ok');
    const json = JSON.stringify(report);
    expect(json).not.toContain('s3cret-pw');
    expect(json).not.toContain('alice');
    expect(report.proxy.url).toBe(tinyproxyAuth.url.replace('http://', 'http://***@'));
  });

  it('names an upstream that refuses proxy-failed with the proxy answer in the detail', async () => {
    const target = onlyTarget(await check(url(refusedPort), { proxy: tinyproxy.url }));
    expect(target.verdict).toBe('proxy-failed');
    expect(target.failedStage).toBe('connect');
    expect(stageOf(target, 'connect').detail).toMatch(/500/);
  });

  it('names a proxy that cannot be reached proxy-failed at the tcp stage', async () => {
    const target = onlyTarget(await check(url(server.port), { proxy: `http://127.0.0.1:${refusedPort}` }));
    expect(target.verdict).toBe('proxy-failed');
    expect(target.failedStage).toBe('tcp');
    expect(stageOf(target, 'tcp').detail).toMatch(/could not reach the proxy/);
  });
});

describe('through a real squid', () => {
  it('tunnels with CONNECT to an allowed port', async (ctx) => {
    if (!squid) return ctx.skip(squidSkip);
    const target = onlyTarget(await check(url(server.port), { proxy: squid.url }));
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'connect').detail).toMatch(/200/);
  });

  it('names CONNECT to a port outside SSL_ports proxy-denied with X-Squid-Error', async (ctx) => {
    if (!squid) return ctx.skip(squidSkip);
    // Another loopback HTTPS port that squid's SSL_ports does not list.
    const other = await closedPort();
    const target = onlyTarget(await check(url(other), { proxy: squid.url }));
    expect(target.verdict).toBe('proxy-denied');
    expect(target.failedStage).toBe('connect');
    expect(stageOf(target, 'connect').detail).toMatch(/403.*X-Squid-Error: ERR_ACCESS_DENIED/);
  });

  it('names an upstream that refuses proxy-failed with ERR_CONNECT_FAIL', async (ctx) => {
    if (!squid) return ctx.skip(squidSkip);
    const target = onlyTarget(await check(url(refusedPort), { proxy: squid.url }));
    expect(target.verdict).toBe('proxy-failed');
    expect(target.failedStage).toBe('connect');
    expect(stageOf(target, 'connect').detail).toMatch(/503.*X-Squid-Error: ERR_CONNECT_FAIL.*could not connect/);
  });

  it('names an upstream name the proxy cannot resolve (NXDOMAIN at its resolver) proxy-failed', async (ctx) => {
    if (!squid) return ctx.skip(squidSkip);
    const target = onlyTarget(await check(url(server.port, 'api.bitwarden.nx'), { proxy: squid.url }));
    expect(target.verdict).toBe('proxy-failed');
    expect(target.failedStage).toBe('connect');
    // Observed with squid 5.7: a CONNECT to an NXDOMAIN name answers 500 ERR_CANNOT_FORWARD (ERR_DNS_FAIL is
    // what a plain GET gets); the cache log names the DNS failure.
    expect(stageOf(target, 'connect').detail).toMatch(/500.*X-Squid-Error: (ERR_CANNOT_FORWARD|ERR_DNS_FAIL)/);
  });
});

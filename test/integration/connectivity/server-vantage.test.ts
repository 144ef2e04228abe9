import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReportText, runConnectivityCheck, type CheckVantage, type ConnectivityOptions } from '../../../main/core/connectivity';
import { createLocalHost, type Host } from '../../../main/core/host';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';
import { blockPageHandler, closedPort, startHttpsServer, type RunningServer } from '../../support/network/servers';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { noForwardingHost } from '../../support/network/namespace-host';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// The check measured "from a server" whose network is this machine's: LocalHost as the vantage (names resolved
// with getent, connections through Host.connect), and the same host refusing to forward (as sshd with
// AllowTcpForwarding no), which makes the check use the host's own bash and curl. Real servers on loopback only.
const NAME = 'api.bitwarden.test';
const BUDGET = 2000;

let pki: TestPki;
let root: TestCa;
const servers: RunningServer[] = [];
let ok: RunningServer;
let expired: RunningServer;
let blockPage: RunningServer;
let refusedPort: number;
let tinyproxy: RunningProxy;
let strictProxy: RunningProxy;

const forwarding: CheckVantage = { host: createLocalHost(), measuredFrom: 'server' };
const execOnly: CheckVantage = { host: noForwardingHost(createLocalHost()), measuredFrom: 'server' };

beforeAll(async () => {
  pki = await createTestPki();
  root = await pki.createCa('Vantage Test Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(root, { commonName: NAME, dnsNames: [NAME, 'localhost'], ipAddresses: ['127.0.0.1'] });
  const old = await pki.createLeaf(root, { commonName: NAME, notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
  ok = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  expired = await startHttpsServer({ certPem: old.chainPem, keyPem: old.keyPem });
  blockPage = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, handler: blockPageHandler });
  servers.push(ok, expired, blockPage);
  refusedPort = await closedPort();
  [tinyproxy, strictProxy] = await Promise.all([startProxy({ kind: 'tinyproxy' }), startProxy({ kind: 'tinyproxy', connectPorts: [443] })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([...servers.map((s) => s.close()), tinyproxy?.close(), strictProxy?.close()]);
  await pki?.dispose();
});

function check(vantage: CheckVantage, port: number, extra: Partial<ConnectivityOptions> = {}, name = NAME) {
  return runConnectivityCheck(
    { urls: [`https://${name}:${port}/alive`], resolve: [`${NAME}:127.0.0.1`], ca: root.certPem, proxy: 'none', timeoutMs: BUDGET, ...extra },
    { env: {}, vantage },
  );
}

describe('from a server that forwards (TLS and HTTP judged here over its stream)', () => {
  it('passes every stage and says it was measured from the server by forwarding', async () => {
    const report = await check(forwarding, ok.port);
    const target = onlyTarget(report);
    expect(target).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(target, 'dns')).toMatchObject({ status: 'skipped', detail: expect.stringContaining('--resolve') });
    expect(stageOf(target, 'tls').detail).toMatch(/chains to the root given with --ca/);
    expect(report.summary).toMatch(/reachable from the server/);
    expect(formatReportText(report)).toContain('Measured from the server (connections the server opened through SSH forwarding');
  });

  it('resolves names on the server with getent ahosts', async () => {
    const target = onlyTarget(
      await runConnectivityCheck({ urls: [`https://localhost:${ok.port}/alive`], ca: root.certPem, proxy: 'none', timeoutMs: BUDGET }, { env: {}, vantage: forwarding }),
    );
    expect(stageOf(target, 'dns')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^localhost → 127\.0\.0\.1.* \(resolved on the server\)$/) });
    expect(target.verdict).toBe('ok');
  });

  it('names a name the server cannot resolve dns-failed, in getent words', async () => {
    const target = onlyTarget(
      await runConnectivityCheck({ urls: ['https://nothing-here.invalid/alive'], proxy: 'none', timeoutMs: BUDGET }, { env: {}, vantage: forwarding }),
    );
    expect(target).toMatchObject({ verdict: 'dns-failed', failedStage: 'dns', measuredFrom: 'server' });
    expect(stageOf(target, 'dns').detail).toMatch(/getent ahosts exit 2/);
  });

  it('names a closed port refused and an untrusted root tls-untrusted, as from this computer', async () => {
    expect(onlyTarget(await check(forwarding, refusedPort))).toMatchObject({ verdict: 'refused', failedStage: 'tcp', method: 'forward' });
    const untrusted = onlyTarget(await check(forwarding, ok.port, { ca: undefined }));
    expect(untrusted).toMatchObject({ verdict: 'tls-untrusted', failedStage: 'tls' });
  });

  it('tunnels through the proxy as the server reaches it', async () => {
    const target = onlyTarget(await check(forwarding, ok.port, { proxy: tinyproxy.url }, '127.0.0.1'));
    expect(target).toMatchObject({ verdict: 'ok', method: 'forward' });
    expect(stageOf(target, 'connect').detail).toMatch(/→ HTTP\/1\.[01] 200/);
  });
});

describe('from a server that forbids forwarding (its own bash and curl measure)', () => {
  it('passes with the run root added to the server bundle, and says which method measured', async () => {
    const report = await check(execOnly, ok.port);
    const target = onlyTarget(report);
    expect(target).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'exec' });
    expect(stageOf(target, 'tcp').detail).toMatch(/forbids TCP forwarding .*bash's \/dev\/tcp.*127\.0\.0\.1 connected/);
    expect(stageOf(target, 'tls').detail).toMatch(/verified by curl on the server .* plus the root given with --ca/);
    expect(stageOf(target, 'http').detail).toMatch(/GET \/alive → 200; server time /);
    expect(stageOf(target, 'clock').status).toBe('pass');
    expect(formatReportText(report)).toContain("Measured from the server (the host's own tools (getent, bash /dev/tcp and curl)");
  });

  it('names a closed port refused at tcp', async () => {
    const target = onlyTarget(await check(execOnly, refusedPort));
    expect(target).toMatchObject({ verdict: 'refused', failedStage: 'tcp', method: 'exec' });
    expect(stageOf(target, 'tcp').detail).toMatch(/refused \(ECONNREFUSED/);
  });

  it('judges certificates with curl: untrusted without the root, expired leaf', async () => {
    const untrusted = onlyTarget(await check(execOnly, ok.port, { ca: undefined }));
    expect(untrusted).toMatchObject({ verdict: 'tls-untrusted', failedStage: 'tls' });
    expect(stageOf(untrusted, 'tls').detail).toMatch(/curl exit 60/);
    const old = onlyTarget(await check(execOnly, expired.port));
    expect(old).toMatchObject({ verdict: 'tls-expired', failedStage: 'tls' });
  });

  it('names a gateway block page http-unexpected with its title', async () => {
    const target = onlyTarget(await check(execOnly, blockPage.port));
    expect(target).toMatchObject({ verdict: 'http-unexpected', failedStage: 'http' });
    expect(stageOf(target, 'http').detail).toMatch(/→ 403.*page title "Access Denied - Web Filter".*Via: 1\.1 webfilter\.corp\.test/);
  });

  it('tunnels through a proxy with curl, and names a CONNECT the proxy refuses proxy-denied', async () => {
    const through = onlyTarget(await check(execOnly, ok.port, { proxy: tinyproxy.url }, '127.0.0.1'));
    expect(through).toMatchObject({ verdict: 'ok', method: 'exec' });
    expect(stageOf(through, 'connect').detail).toMatch(/CONNECT 127\.0\.0\.1:\d+ → HTTP\/1\.[01] 200/);
    const denied = onlyTarget(await check(execOnly, ok.port, { proxy: strictProxy.url }, '127.0.0.1'));
    expect(denied).toMatchObject({ verdict: 'proxy-denied', failedStage: 'connect' });
    expect(stageOf(denied, 'connect').detail).toMatch(/403/);
  });

  it('says not-measured when the server has no curl', async () => {
    const bare: Host = { ...execOnly.host, run: (request) => execOnly.host.run(request.command === 'curl' ? { ...request, command: 'curl-not-installed' } : request) };
    const target = onlyTarget(await check({ host: bare, measuredFrom: 'server' }, ok.port, { ca: undefined }));
    expect(target).toMatchObject({ verdict: 'not-measured', failedStage: 'connect' });
    expect(stageOf(target, 'connect').detail).toMatch(/curl could not run/);
  });
});

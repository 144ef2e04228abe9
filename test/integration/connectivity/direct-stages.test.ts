import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runConnectivityCheck, type ConnectivityOptions, type ProgressEvent, type RunHooks,
} from '../../../main/core/connectivity';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';
import {
  aliveHandler, blockPageHandler, closedPort, startHttpsServer, startSilentServer, type RunningServer,
} from '../../support/network/servers';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// Every server listens on 127.0.0.1; the target name is pinned there with `resolve`, as `--resolve` would.
const NAME = 'api.bitwarden.test';
const BUDGET = 1500;

let pki: TestPki;
let trusted: TestCa;
let inspection: TestCa;
const servers: RunningServer[] = [];
let ok: RunningServer;
let expired: RunningServer;
let wrongName: RunningServer;
let intercepted: RunningServer;
let blockPage: RunningServer;
let silent: RunningServer;
let skewed: RunningServer;
let plainOk: RunningServer;

async function serve(ca: TestCa, leafOptions: Parameters<TestPki['createLeaf']>[1], handler = aliveHandler()) {
  const leaf = await pki.createLeaf(ca, leafOptions);
  const server = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, handler });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  pki = await createTestPki();
  trusted = await pki.createCa('Test Trusted Root', { organization: 'Test Public CA' });
  inspection = await pki.createCa('Inspection Root', { organization: 'Contoso Inspection' });
  ok = await serve(trusted, { commonName: NAME });
  expired = await serve(trusted, { commonName: NAME, notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
  wrongName = await serve(trusted, { commonName: 'portal.other.test' });
  intercepted = await serve(inspection, { commonName: NAME });
  blockPage = await serve(trusted, { commonName: NAME }, blockPageHandler);
  skewed = await serve(trusted, { commonName: NAME }, aliveHandler(() => new Date(Date.now() + 10 * 60_000)));
  plainOk = await serve(trusted, { commonName: NAME }, (_req, res) => {
    res.writeHead(204);
    res.end();
  });
  silent = await startSilentServer();
  servers.push(silent);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await pki?.dispose();
});

function check(port: number, extra: Partial<ConnectivityOptions> = {}, hooks: RunHooks = {}) {
  return runConnectivityCheck(
    {
      urls: [`https://${NAME}:${port}/alive`],
      resolve: [`${NAME}:127.0.0.1`],
      ca: trusted.certPem,
      proxy: 'none',
      timeoutMs: BUDGET,
      ...extra,
    },
    { env: {}, ...hooks },
  );
}

describe('connectivity check against real loopback servers (direct)', () => {
  it('passes every stage that runs against a server whose chain is the root given with ca', async () => {
    const report = await check(ok.port);
    const target = onlyTarget(report);
    expect(target.verdict).toBe('ok');
    expect(report.ok).toBe(true);
    expect(target.failedStage).toBeUndefined();
    expect(target.stages.map((s) => [s.name, s.status])).toEqual([
      ['proxy', 'pass'], ['dns', 'skipped'], ['tcp', 'pass'], ['connect', 'skipped'], ['tls', 'pass'], ['http', 'pass'], ['clock', 'pass'],
    ]);
    expect(stageOf(target, 'dns').detail).toMatch(/pinned to 127\.0\.0\.1/);
    expect(stageOf(target, 'tls').detail).toMatch(/root given with --ca/);
    // A root the admin passed with `ca` is not by itself a sign of interception.
    expect(stageOf(target, 'tls').detail).not.toMatch(/likely TLS inspection/i);
    expect(stageOf(target, 'tls').detail).toMatch(/TLSv1\.[23]/);
    expect(stageOf(target, 'http').detail).toMatch(/→ 200; server time/);
  });

  it('reports a closed port as refused at the tcp stage', async () => {
    const report = await check(await closedPort());
    const target = onlyTarget(report);
    expect(target.verdict).toBe('refused');
    expect(target.failedStage).toBe('tcp');
    expect(stageOf(target, 'tcp').detail).toMatch(/ECONNREFUSED/);
    // Stages after the failure did not run and are never shown as passed.
    for (const name of ['tls', 'http', 'clock'] as const) expect(stageOf(target, name).status).toBe('skipped');
    expect(report.ok).toBe(false);
  });

  it('times out at the tls stage when the server accepts TCP but never answers the handshake', async () => {
    const target = onlyTarget(await check(silent.port));
    expect(target.verdict).toBe('timeout');
    expect(target.failedStage).toBe('tls');
    expect(stageOf(target, 'tcp').status).toBe('pass');
    expect(stageOf(target, 'tls').detail).toMatch(/did not complete the TLS handshake within 1500 ms/);
  });

  it('names an expired leaf tls-expired', async () => {
    const target = onlyTarget(await check(expired.port));
    expect(target.verdict).toBe('tls-expired');
    expect(target.failedStage).toBe('tls');
    expect(stageOf(target, 'tls').detail).toMatch(/CERT_HAS_EXPIRED/);
  });

  it('names a leaf for another name tls-hostname-mismatch', async () => {
    const target = onlyTarget(await check(wrongName.port));
    expect(target.verdict).toBe('tls-hostname-mismatch');
    expect(target.failedStage).toBe('tls');
    expect(stageOf(target, 'tls').detail).toMatch(/portal\.other\.test/);
  });

  it('names a chain from an untrusted root as likely TLS inspection with the issuer organisation', async () => {
    const target = onlyTarget(await check(intercepted.port));
    expect(target.verdict).toBe('tls-untrusted');
    expect(target.failedStage).toBe('tls');
    expect(stageOf(target, 'tls').detail).toMatch(/SELF_SIGNED_CERT_IN_CHAIN/);
    expect(stageOf(target, 'tls').detail).toMatch(/likely TLS inspection by Contoso Inspection/);
    expect(target.remediation.admin).toMatch(/Contoso Inspection/);
    expect(target.remediation.network).toMatch(/Exempt these FQDNs from TLS\/SSL inspection/);
  });

  it('treats an untrusted chain as trusted for the run when its root is given with ca (no inspection claim)', async () => {
    const target = onlyTarget(await check(intercepted.port, { ca: inspection.certPem }));
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'tls').detail).toMatch(/root given with --ca/);
    expect(stageOf(target, 'tls').detail).not.toMatch(/likely TLS inspection/i);
  });

  it('reports a 403 HTML block page as http-unexpected with its title and the middlebox headers', async () => {
    const target = onlyTarget(await check(blockPage.port));
    expect(target.verdict).toBe('http-unexpected');
    expect(target.failedStage).toBe('http');
    const detail = stageOf(target, 'http').detail;
    expect(detail).toMatch(/→ 403/);
    expect(detail).toMatch(/page title "Access Denied - Web Filter"/);
    expect(detail).toMatch(/Via: 1\.1 webfilter\.corp\.test/);
    expect(detail).toMatch(/Server: CorpGateway/);
    expect(stageOf(target, 'clock').status).toBe('skipped');
  });

  it('accepts any 2xx for a custom URL and skips the clock when there is no server time', async () => {
    const target = onlyTarget(await check(plainOk.port));
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'http').detail).toMatch(/→ 204/);
    // 204 carries a Date header: the clock is judged from it.
    expect(['pass', 'skipped']).toContain(stageOf(target, 'clock').status);
  });

  it('warns about a server clock more than 5 minutes away without failing the target', async () => {
    const target = onlyTarget(await check(skewed.port));
    expect(target.verdict).toBe('ok');
    expect(stageOf(target, 'clock').status).toBe('warn');
    expect(stageOf(target, 'clock').detail).toMatch(/10 min behind the server/);
  });

  it('runs targets in parallel and reports each stage as it finishes', async () => {
    const events: ProgressEvent[] = [];
    const report = await runConnectivityCheck(
      {
        urls: [`https://${NAME}:${ok.port}/alive`, `https://${NAME}:${silent.port}/alive`],
        resolve: [`${NAME}:127.0.0.1`],
        ca: trusted.certPem,
        proxy: 'none',
        timeoutMs: BUDGET,
      },
      { env: {}, onProgress: (e) => events.push(e) },
    );
    expect(report.targets.map((t) => t.verdict)).toEqual(['ok', 'timeout']);
    // Every stage of every target is announced exactly once.
    expect(events).toHaveLength(14);
    const okUrl = report.targets[0]!.url;
    expect(events.filter((e) => e.target === okUrl).map((e) => e.stage.name)).toEqual([
      'proxy', 'dns', 'tcp', 'connect', 'tls', 'http', 'clock',
    ]);
    // The fast target finished before the stalled one gave up on TLS.
    const okDone = events.findIndex((e) => e.target === okUrl && e.stage.name === 'clock');
    const silentTls = events.findIndex((e) => e.target !== okUrl && e.stage.name === 'tls');
    expect(okDone).toBeLessThan(silentTls);
  });

  it('stops when the AbortSignal fires and rejects with its reason', async () => {
    const controller = new AbortController();
    const pending = check(silent.port, { timeoutMs: 60_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled by test')), 200);
    await expect(pending).rejects.toThrow('cancelled by test');
  });

  it('serialises to JSON without losing anything', async () => {
    const report = await check(ok.port);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck, type CheckVantage, type ConnectivityOptions } from '../../../main/core/connectivity';
import { createLocalHost } from '../../../main/core/host';
import { createTestPki, type TestPki } from '../../support/test-pki';
import { startHttpsServer, type RunningServer } from '../../support/network/servers';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';
import { namespaceHost, noForwardingHost } from '../../support/network/namespace-host';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// A "server" inside a network namespace the test creates: its programs run there (ip netns exec) and its
// connections open there (a relay process, as sshd's direct-tcpip does). Its firewall drops or rejects two HTTPS
// servers on this machine's side of the veth pair that this machine itself reaches — so only a check that really
// measures from the server's network can call them blocked. Nothing leaves this machine or the namespace.
const NAME = 'api.bitwarden.test';
let ns: DropNamespace | undefined;
let skipReason = '';
let pki: TestPki;
let caPem: string;
const servers: RunningServer[] = [];
let dropped: RunningServer;
let rejected: RunningServer;

beforeAll(async () => {
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    skipReason = made.skipReason;
    console.warn(`[connectivity-test] skipping namespace vantage: ${skipReason}`);
    return;
  }
  ns = made;
  pki = await createTestPki();
  const root = await pki.createCa('Namespace Vantage Root', { organization: 'Test Public CA' });
  caPem = root.certPem;
  const leaf = await pki.createLeaf(root, { commonName: NAME });
  dropped = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress });
  rejected = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress });
  servers.push(dropped, rejected);
  const out = (port: number, ...action: string[]) =>
    ns!.exec(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '-d', ns!.hostAddress, '--dport', String(port), '-j', ...action]);
  await out(dropped.port, 'DROP');
  await out(rejected.port, 'REJECT', '--reject-with', 'tcp-reset');
  // The namespace's own DNS filter: a sinkhole answer for a Bitwarden name.
  await ns.etcFile('hosts', '127.0.0.1 localhost\n0.0.0.0 api.bitwarden.com\n');
}, 30_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await ns?.cleanup();
  await pki?.dispose();
});

function check(port: number, vantage?: CheckVantage, extra: Partial<ConnectivityOptions> = {}) {
  return runConnectivityCheck(
    { urls: [`https://${NAME}:${port}/alive`], resolve: [`${NAME}:${ns!.hostAddress}`], ca: caPem, proxy: 'none', timeoutMs: 1000, ...extra },
    { env: {}, vantage },
  );
}

describe('measured from a server inside a firewalled namespace', () => {
  it('this computer reaches both servers; the server is dropped on one and refused on the other', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const server: CheckVantage = { host: namespaceHost(createLocalHost(), ns), measuredFrom: 'server' };
    for (const port of [dropped.port, rejected.port]) {
      expect(onlyTarget(await check(port))).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    }
    const drop = onlyTarget(await check(dropped.port, server));
    expect(drop).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(drop, 'tcp').detail).toMatch(/no answer within 1000 ms \(packets silently dropped\)/);
    const reject = onlyTarget(await check(rejected.port, server));
    expect(reject).toMatchObject({ verdict: 'refused', failedStage: 'tcp', measuredFrom: 'server' });
  });

  it('with forwarding forbidden, bash on the server sees the same drop', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const server: CheckVantage = { host: noForwardingHost(namespaceHost(createLocalHost(), ns)), measuredFrom: 'server' };
    const drop = onlyTarget(await check(dropped.port, server));
    expect(drop).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', method: 'exec' });
    const reject = onlyTarget(await check(rejected.port, server));
    expect(reject).toMatchObject({ verdict: 'refused', failedStage: 'tcp', method: 'exec' });
  });

  it("names a sinkhole answer from the server's own resolver dns-sinkholed", async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const server: CheckVantage = { host: namespaceHost(createLocalHost(), ns), measuredFrom: 'server' };
    const target = onlyTarget(await runConnectivityCheck({ urls: ['https://api.bitwarden.com/alive'], proxy: 'none', timeoutMs: 1000 }, { env: {}, vantage: server }));
    expect(target).toMatchObject({ verdict: 'dns-sinkholed', failedStage: 'dns' });
    expect(stageOf(target, 'dns').detail).toMatch(/api\.bitwarden\.com → 0\.0\.0\.0 \(resolved on the server\): a blocking \(sinkhole\) answer/);
  });
});

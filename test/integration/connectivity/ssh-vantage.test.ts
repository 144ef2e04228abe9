import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck, type CheckVantage, type ConnectivityOptions } from '../../../main/core/connectivity';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { createTestPki, type TestPki } from '../../support/test-pki';
import { startHttpsServer, type RunningServer } from '../../support/network/servers';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';
import { loginKeyFolder, openAsLoginUser, sshSkipReason, startSshdFor, type TestSshd } from '../../support/ssh';

// The proving test: a real sshd inside a network namespace whose firewall drops one and rejects another HTTPS
// server that this machine itself reaches (both listen on this machine's side of the veth pair). Through an
// SshHost to that sshd the check must call them blocked, while the check from this computer calls them open.
// A second sshd in the same namespace forbids forwarding: the server's own bash and curl must see the same.
const NAME = 'api.bitwarden.test';
const sshSkip = sshSkipReason();
let ns: DropNamespace | undefined;
let skipReason = sshSkip ?? '';
let pki: TestPki;
let caPem: string;
let folder: string;
const servers: RunningServer[] = [];
const sshds: TestSshd[] = [];
const hosts: SshHost[] = [];
let dropped: RunningServer;
let rejected: RunningServer;
let open: RunningServer;
let forwarding: CheckVantage;
let execOnly: CheckVantage;

beforeAll(async () => {
  if (sshSkip) return;
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    skipReason = made.skipReason;
    return;
  }
  ns = made;
  const login = await loginKeyFolder('sst-ssh-vantage-');
  folder = login.folder;
  const key = login.key;
  pki = await createTestPki();
  const root = await pki.createCa('SSH Vantage Root', { organization: 'Test Public CA' });
  caPem = root.certPem;
  const leaf = await pki.createLeaf(root, { commonName: NAME });
  dropped = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress });
  rejected = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress });
  open = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress });
  servers.push(dropped, rejected, open);
  const out = (port: number, ...action: string[]) =>
    ns!.exec(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '-d', ns!.hostAddress, '--dport', String(port), '-j', ...action]);
  await out(dropped.port, 'DROP');
  await out(rejected.port, 'REJECT', '--reject-with', 'tcp-reset');
  const [allowing, closed] = await Promise.all([
    startSshdFor(key, { netns: ns.name, listenAddress: ns.address }),
    startSshdFor(key, { netns: ns.name, listenAddress: ns.address, allowTcpForwarding: false }),
  ]);
  sshds.push(allowing, closed);
  const connect = async (sshd: TestSshd) => {
    const host = await openAsLoginUser(sshd, key);
    hosts.push(host);
    return host;
  };
  forwarding = { host: await connect(allowing), measuredFrom: 'server' };
  execOnly = { host: await connect(closed), measuredFrom: 'server' };
}, 60_000);

afterAll(async () => {
  await Promise.all(hosts.map((h) => h.close()));
  await Promise.all(sshds.map((s) => s.stop()));
  await Promise.all(servers.map((s) => s.close()));
  await ns?.cleanup();
  await pki?.dispose();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

function check(port: number, vantage?: CheckVantage, extra: Partial<ConnectivityOptions> = {}) {
  return runConnectivityCheck(
    { urls: [`https://${NAME}:${port}/alive`], resolve: [`${NAME}:${ns!.hostAddress}`], ca: caPem, proxy: 'none', timeoutMs: 1500, ...extra },
    { env: {}, vantage },
  );
}

describe('the firewall check through SSH, from a server behind its own firewall', () => {
  it('runs TLS and HTTP here over a direct-tcpip stream, and with curl on a server that forbids forwarding', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [forwarded, measuredThere] = await Promise.all([check(open.port, forwarding), check(open.port, execOnly)]);
    expect(onlyTarget(forwarded)).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(onlyTarget(forwarded), 'tls').detail).toMatch(/chains to the root given with --ca/);
    expect(onlyTarget(measuredThere)).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'exec' });
    expect(stageOf(onlyTarget(measuredThere), 'http').detail).toMatch(/GET \/alive → 200/);
  });

  it('this computer reaches both servers; through the SshHost one is dropped and one refused', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [localDrop, localReject, drop, reject] = await Promise.all([
      check(dropped.port), check(rejected.port), check(dropped.port, forwarding), check(rejected.port, forwarding),
    ]);
    expect(onlyTarget(localDrop)).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    expect(onlyTarget(localReject)).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    expect(onlyTarget(drop)).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(onlyTarget(drop), 'tcp').detail).toMatch(/no answer within 1500 ms/);
    expect(onlyTarget(reject)).toMatchObject({ verdict: 'refused', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
  });

  it('a server that forbids forwarding is measured with its own tools, with the same verdicts', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [drop, reject] = await Promise.all([check(dropped.port, execOnly), check(rejected.port, execOnly)]);
    expect(onlyTarget(drop)).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', method: 'exec' });
    expect(stageOf(onlyTarget(drop), 'tcp').detail).toMatch(/forbids TCP forwarding/);
    expect(onlyTarget(reject)).toMatchObject({ verdict: 'refused', failedStage: 'tcp', method: 'exec' });
  });
});

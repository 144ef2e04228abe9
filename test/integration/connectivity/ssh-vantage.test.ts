import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckVantage } from '../../../main/core/connectivity';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { startFirewalledTargets, type FirewalledTargets } from '../../support/network/firewalled-targets';
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
let targets: FirewalledTargets;
let folder: string;
const sshds: TestSshd[] = [];
const hosts: SshHost[] = [];
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
  targets = await startFirewalledTargets(ns, { name: NAME, rootName: 'SSH Vantage Root', timeoutMs: 1500 });
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
  await targets?.close();
  await ns?.cleanup();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

describe('the firewall check through SSH, from a server behind its own firewall', () => {
  it('runs TLS and HTTP here over a direct-tcpip stream, and with curl on a server that forbids forwarding', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [forwarded, measuredThere] = await Promise.all([targets.check(targets.open.port, forwarding), targets.check(targets.open.port, execOnly)]);
    expect(onlyTarget(forwarded)).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(onlyTarget(forwarded), 'tls').detail).toMatch(/chains to the root given with --ca/);
    expect(onlyTarget(measuredThere)).toMatchObject({ verdict: 'ok', measuredFrom: 'server', method: 'exec' });
    expect(stageOf(onlyTarget(measuredThere), 'http').detail).toMatch(/GET \/alive → 200/);
  });

  it('this computer reaches both servers; through the SshHost one is dropped and one refused', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [localDrop, localReject, drop, reject] = await Promise.all([
      targets.check(targets.dropped.port), targets.check(targets.rejected.port), targets.check(targets.dropped.port, forwarding), targets.check(targets.rejected.port, forwarding),
    ]);
    expect(onlyTarget(localDrop)).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    expect(onlyTarget(localReject)).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    expect(onlyTarget(drop)).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(onlyTarget(drop), 'tcp').detail).toMatch(/no answer within 1500 ms/);
    expect(onlyTarget(reject)).toMatchObject({ verdict: 'refused', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
  });

  it('a server that forbids forwarding is measured with its own tools, with the same verdicts', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const [drop, reject] = await Promise.all([targets.check(targets.dropped.port, execOnly), targets.check(targets.rejected.port, execOnly)]);
    expect(onlyTarget(drop)).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', method: 'exec' });
    expect(stageOf(onlyTarget(drop), 'tcp').detail).toMatch(/forbids TCP forwarding/);
    expect(onlyTarget(reject)).toMatchObject({ verdict: 'refused', failedStage: 'tcp', method: 'exec' });
  });
});

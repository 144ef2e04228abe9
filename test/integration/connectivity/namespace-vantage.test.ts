import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck, type CheckVantage } from '../../../main/core/connectivity';
import { createLocalHost } from '../../../main/core/host';
import { startFirewalledTargets, type FirewalledTargets } from '../../support/network/firewalled-targets';
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
let targets: FirewalledTargets;

beforeAll(async () => {
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    skipReason = made.skipReason;
    console.warn(`[connectivity-test] skipping namespace vantage: ${skipReason}`);
    return;
  }
  ns = made;
  targets = await startFirewalledTargets(ns, { name: NAME, rootName: 'Namespace Vantage Root', timeoutMs: 1000 });
  // The namespace's own DNS filter: a sinkhole answer for a Bitwarden name.
  await ns.etcFile('hosts', '127.0.0.1 localhost\n0.0.0.0 api.bitwarden.com\n');
}, 30_000);

afterAll(async () => {
  await targets?.close();
  await ns?.cleanup();
});

describe('measured from a server inside a firewalled namespace', () => {
  it('this computer reaches both servers; the server is dropped on one and refused on the other', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const server: CheckVantage = { host: namespaceHost(createLocalHost(), ns), measuredFrom: 'server' };
    for (const port of [targets.dropped.port, targets.rejected.port]) {
      expect(onlyTarget(await targets.check(port))).toMatchObject({ verdict: 'ok', measuredFrom: 'this-computer', method: 'local' });
    }
    const drop = onlyTarget(await targets.check(targets.dropped.port, server));
    expect(drop).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', measuredFrom: 'server', method: 'forward' });
    expect(stageOf(drop, 'tcp').detail).toMatch(/no answer within 1000 ms \(packets silently dropped\)/);
    const reject = onlyTarget(await targets.check(targets.rejected.port, server));
    expect(reject).toMatchObject({ verdict: 'refused', failedStage: 'tcp', measuredFrom: 'server' });
  });

  it('with forwarding forbidden, bash on the server sees the same drop', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const server: CheckVantage = { host: noForwardingHost(namespaceHost(createLocalHost(), ns)), measuredFrom: 'server' };
    const drop = onlyTarget(await targets.check(targets.dropped.port, server));
    expect(drop).toMatchObject({ verdict: 'timeout', failedStage: 'tcp', method: 'exec' });
    const reject = onlyTarget(await targets.check(targets.rejected.port, server));
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

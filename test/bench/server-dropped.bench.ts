import { promises as fs } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runConnectivityCheck, type CheckVantage } from '../../main/core/connectivity';
import { createLocalHost, type Host } from '../../main/core/host';
import { createDropNamespace, type DropNamespace } from '../support/network/netns';
import { namespaceHost } from '../support/network/namespace-host';
import { loginKeyFolder, openAsLoginUser, sshSkipReason, startSshdFor, type TestSshd } from '../support/ssh';

// The firewall check of 9 targets that the server's firewall all drops (goal: wall ≤ 1.2× the TCP budget):
// every target waits out its TCP budget in parallel through one SSH connection. The server is a real sshd inside
// a network namespace whose OUTPUT chain drops the 9 ports; without sshd here, a namespace host stands in.
const BUDGET_MS = 1500;
const TARGETS = 9;
let ns: DropNamespace | undefined;
let sshd: TestSshd | undefined;
let host: (Host & { close?: () => Promise<void> }) | undefined;
let folder: string | undefined;
let how = '';

beforeAll(async () => {
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    console.log(`[server-dropped-bench] skipped: ${made.skipReason}`);
    return;
  }
  ns = made;
  await ns.exec(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '-d', ns.hostAddress, '--dport', '9400:9408', '-j', 'DROP']);
  if (sshSkipReason() === null) {
    const login = await loginKeyFolder('sst-bench-ssh-');
    folder = login.folder;
    sshd = await startSshdFor(login.key, { netns: ns.name, listenAddress: ns.address });
    host = await openAsLoginUser(sshd, login.key);
    how = 'SshHost (direct-tcpip)';
  } else {
    host = namespaceHost(createLocalHost(), ns);
    how = `namespace host (no sshd: ${sshSkipReason()})`;
  }
});

afterAll(async () => {
  await host?.close?.();
  await sshd?.stop();
  await ns?.cleanup();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

it('checks 9 targets the server drops in about one TCP budget', async (ctx) => {
  if (!ns || !host) return ctx.skip('no network namespace here');
  const vantage: CheckVantage = { host, measuredFrom: 'server' };
  const urls = Array.from({ length: TARGETS }, (_, i) => `https://api${i}.bitwarden.test:${9400 + i}/alive`);
  const resolve = urls.map((_, i) => `api${i}.bitwarden.test:${ns!.hostAddress}`);
  const started = performance.now();
  const report = await runConnectivityCheck({ urls, resolve, proxy: 'none', timeoutMs: BUDGET_MS }, { env: {}, vantage });
  const wallMs = performance.now() - started;
  console.log(`[server-dropped-bench] ${TARGETS} targets dropped by the server via ${how}; TCP budget ${BUDGET_MS} ms`);
  console.log(`[server-dropped-bench] wall ${Math.round(wallMs)} ms — ratio to the TCP budget ${(wallMs / BUDGET_MS).toFixed(2)}x (goal ≤ 1.20x)`);
  console.log(`[server-dropped-bench] verdicts: ${report.targets.map((t) => `${t.port} ${t.verdict}`).join(', ')}`);
  expect(report.targets.map((t) => t.verdict)).toEqual(Array(TARGETS).fill('timeout'));
});

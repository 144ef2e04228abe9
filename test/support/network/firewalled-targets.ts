import { runConnectivityCheck, type CheckVantage, type ConnectivityOptions } from '../../../main/core/connectivity';
import { createTestPki } from '../test-pki';
import type { DropNamespace } from './netns';
import { startHttpsServer, type RunningServer } from './servers';

/**
 * Three HTTPS servers for `name` on this machine's side of the namespace's veth pair, all reached from this
 * machine, while the namespace's own firewall drops the way to `dropped` and resets the way to `rejected`:
 * only a check measured from inside the namespace can call those two blocked.
 */
export interface FirewalledTargets {
  dropped: RunningServer;
  rejected: RunningServer;
  open: RunningServer;
  /** The firewall check of one target port, from this computer or from `vantage`. */
  check(port: number, vantage?: CheckVantage, extra?: Partial<ConnectivityOptions>): ReturnType<typeof runConnectivityCheck>;
  close(): Promise<void>;
}

export async function startFirewalledTargets(ns: DropNamespace, options: { name: string; rootName: string; timeoutMs: number }): Promise<FirewalledTargets> {
  const pki = await createTestPki();
  const servers: RunningServer[] = [];
  const close = async () => {
    await Promise.all(servers.map((s) => s.close()));
    await pki.dispose();
  };
  try {
    const root = await pki.createCa(options.rootName, { organization: 'Test Public CA' });
    const leaf = await pki.createLeaf(root, { commonName: options.name });
    for (let i = 0; i < 3; i += 1) servers.push(await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress }));
    const [dropped, rejected, open] = servers as [RunningServer, RunningServer, RunningServer];
    const out = (port: number, ...action: string[]) => ns.exec(['iptables', '-A', 'OUTPUT', '-p', 'tcp', '-d', ns.hostAddress, '--dport', String(port), '-j', ...action]);
    await out(dropped.port, 'DROP');
    await out(rejected.port, 'REJECT', '--reject-with', 'tcp-reset');
    const check = (port: number, vantage?: CheckVantage, extra: Partial<ConnectivityOptions> = {}) =>
      runConnectivityCheck(
        { urls: [`https://${options.name}:${port}/alive`], resolve: [`${options.name}:${ns.hostAddress}`], ca: root.certPem, proxy: 'none', timeoutMs: options.timeoutMs, ...extra },
        { env: {}, vantage },
      );
    return { dropped, rejected, open, check, close };
  } catch (error) {
    await close();
    throw error;
  }
}

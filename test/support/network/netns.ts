import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A network namespace joined to this one by a veth pair on a private /30, with a firewall inside:
 * - `droppedPort` silently drops SYNs (iptables DROP) → our side must time out,
 * - `unreachablePort` answers ICMP host-unreachable (iptables REJECT) → EHOSTUNREACH,
 * - any other port is closed → refused.
 * Nothing is routed beyond the namespace; `cleanup()` deletes it (and with it the veth pair).
 */
export interface DropNamespace {
  name: string;
  /** The namespace's address, reachable from the test process. */
  address: string;
  /** This side's address of the veth pair: what the namespace reaches this machine at. */
  hostAddress: string;
  droppedPort: number;
  unreachablePort: number;
  exec(command: string[]): Promise<string>;
  /** Writes /etc/netns/NAME/FILE, which `ip netns exec` mounts over /etc/FILE for commands run inside (hosts, resolv.conf). */
  etcFile(file: 'hosts' | 'resolv.conf', content: string): Promise<void>;
  cleanup(): Promise<void>;
}

let counter = 0;

/** Returns the namespace, or a reason why this machine cannot make one (not root, no iproute2/iptables, no netns). */
export async function createDropNamespace(): Promise<DropNamespace | { skipReason: string }> {
  if (process.getuid?.() !== 0) return { skipReason: 'needs root to create a network namespace (CI runs as root)' };
  counter += 1;
  const id = `${process.pid % 100000}${counter}`;
  const name = `sst-${id}`;
  const outside = `sva${id}`.slice(0, 15);
  const inside = `svb${id}`.slice(0, 15);
  const third = process.pid % 250;
  const fourth = (counter % 60) * 4;
  const hostAddress = `10.213.${third}.${fourth + 1}`;
  const address = `10.213.${third}.${fourth + 2}`;
  const ns = (args: string[]) => run('ip', ['netns', 'exec', name, ...args], { timeout: 10_000 });
  const etcFolder = `/etc/netns/${name}`;
  const cleanup = async () => {
    await rm(etcFolder, { recursive: true, force: true });
    await run('ip', ['netns', 'del', name]).catch(() => undefined);
    await run('ip', ['link', 'del', outside]).catch(() => undefined);
  };
  try {
    await run('ip', ['netns', 'add', name]);
    await run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
    await run('ip', ['link', 'set', inside, 'netns', name]);
    await run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', outside]);
    await run('ip', ['link', 'set', outside, 'up']);
    await ns(['ip', 'link', 'set', 'lo', 'up']);
    await ns(['ip', 'addr', 'add', `${address}/30`, 'dev', inside]);
    await ns(['ip', 'link', 'set', inside, 'up']);
    await ns(['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '443', '-j', 'DROP']);
    await ns(['iptables', '-A', 'INPUT', '-p', 'tcp', '--dport', '444', '-j', 'REJECT', '--reject-with', 'icmp-host-unreachable']);
  } catch (error) {
    await cleanup();
    return { skipReason: `cannot build a network namespace with a firewall here: ${(error as Error).message.split('\n')[0]}` };
  }
  return {
    name,
    address,
    hostAddress,
    droppedPort: 443,
    unreachablePort: 444,
    exec: async (command) => (await ns(command)).stdout,
    etcFile: async (file, content) => {
      await mkdir(etcFolder, { recursive: true });
      await writeFile(`${etcFolder}/${file}`, content);
    },
    cleanup,
  };
}

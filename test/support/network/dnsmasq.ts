import { spawn, type ChildProcess } from 'node:child_process';
import dns from 'node:dns';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LookupAddress, LookupFunction } from '../../../main/core/connectivity';

export interface RunningDnsmasq {
  address: string;
  port: number;
  close(): Promise<void>;
}

/**
 * A real dnsmasq on a loopback address, with no upstream (`--no-resolv`): answers only what the test configures,
 * so NXDOMAIN and sinkhole answers are deterministic and nothing leaves the machine.
 */
export async function startDnsmasq(options: { address: string; port: number; args: string[] }): Promise<RunningDnsmasq> {
  const child: ChildProcess = spawn(
    'dnsmasq',
    [
      '--no-daemon', `--port=${options.port}`, `--listen-address=${options.address}`, '--bind-interfaces',
      '--no-resolv', '--no-hosts', '--no-poll', '--user=root', '--pid-file=', '--conf-file=/dev/null',
      ...options.args,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const close = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  };
  // Ready when it answers a query (bounded wait).
  const resolver = new dns.promises.Resolver({ timeout: 200, tries: 1 });
  resolver.setServers([`${options.address}:${options.port}`]);
  for (let i = 0; i < 25; i++) {
    if (child.exitCode !== null) throw new Error(`[test-dns] dnsmasq exited: ${stderr}`);
    try {
      await resolver.resolve4('ready.probe.invalid');
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code && code !== 'ECONNREFUSED' && code !== 'ETIMEOUT') break; // REFUSED / NXDOMAIN = it is up
    }
    await sleep(100);
  }
  return { address: options.address, port: options.port, close };
}

/**
 * A lookup that asks one DNS server (c-ares, cancellable) instead of getaddrinfo — injected into the check by tests
 * so names resolve against the test's dnsmasq rather than the machine's resolver.
 */
export function lookupVia(server: string, timeoutMs = 500): LookupFunction {
  return async (host) => {
    const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
    resolver.setServers([server]);
    const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const out: LookupAddress[] = [
      ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
    ];
    if (out.length > 0) return out;
    // NXDOMAIN on either family means the name does not exist; otherwise report the A query's error.
    const errors = [v4, v6].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as NodeJS.ErrnoException);
    throw errors.find((e) => e.code === 'ENOTFOUND') ?? errors[0] ?? Object.assign(new Error('no data'), { code: 'ENODATA' });
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { freePort } from './servers';

export interface RunningProxy {
  url: string;
  port: number;
  close(): Promise<void>;
  log(): Promise<string>;
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string, what: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if (child.exitCode !== null) throw new Error(`[test-proxy] ${what} exited (${child.exitCode}): ${stderr()}`);
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    await sleep(100);
  }
  throw new Error(`[test-proxy] ${what} did not listen on ${port} within 6 s: ${stderr()}`);
}

function stopper(child: ChildProcess, folder: string): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(3000)]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
    await rm(folder, { recursive: true, force: true });
  };
}

/** tinyproxy: `connectPorts` restricts CONNECT (403), `basicAuth` makes it answer 407. */
export interface TinyproxySpec {
  kind: 'tinyproxy';
  connectPorts?: number[];
  basicAuth?: { user: string; password: string };
}

/**
 * squid: `sslPorts` are the ports CONNECT may reach (squid's `deny CONNECT !SSL_ports`); any other port is denied
 * with 403 + X-Squid-Error: ERR_ACCESS_DENIED. Names are resolved by `dnsServer` only (the test's dnsmasq on port
 * 53 of a loopback address), so nothing leaves the machine.
 */
export interface SquidSpec {
  kind: 'squid';
  sslPorts: number[];
  dnsServer: string;
}

export type ProxySpec = TinyproxySpec | SquidSpec;

interface ProxyLaunch {
  program: string;
  args: string[];
  config: string;
  logFile: string;
}

function tinyproxyLaunch(spec: TinyproxySpec, folder: string, port: number): ProxyLaunch {
  const config = [
    `Port ${port}`, 'Listen 127.0.0.1', 'Timeout 5', 'LogLevel Info', `LogFile "${folder}/tinyproxy.log"`,
    'MaxClients 20', 'Allow 127.0.0.1', 'DisableViaHeader Yes',
    ...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
    ...(spec.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
    ...(spec.basicAuth ? [`BasicAuth ${spec.basicAuth.user} ${spec.basicAuth.password}`] : []),
  ].join('\n');
  const file = path.join(folder, 'tinyproxy.conf');
  return { program: 'tinyproxy', args: ['-d', '-c', file], config, logFile: path.join(folder, 'tinyproxy.log') };
}

function squidLaunch(spec: SquidSpec, folder: string, port: number): ProxyLaunch {
  const config = [
    `http_port 127.0.0.1:${port}`,
    `pid_filename ${folder}/squid.pid`,
    `cache_log ${folder}/cache.log`,
    `access_log ${folder}/access.log`,
    `coredump_dir ${folder}`,
    'cache deny all', 'cache_mem 8 MB', 'pinger_enable off', 'shutdown_lifetime 0 seconds',
    `dns_nameservers ${spec.dnsServer}`, 'dns_timeout 2 seconds', 'dns_retransmit_interval 1 seconds',
    'connect_timeout 2 seconds', 'forward_max_tries 1', 'connect_retries 0', 'hosts_file none',
    `acl SSL_ports port ${spec.sslPorts.join(' ')}`,
    'acl CONNECT method CONNECT',
    'http_access deny CONNECT !SSL_ports',
    'http_access allow localhost',
    'http_access deny all',
  ].join('\n');
  const file = path.join(folder, 'squid.conf');
  return { program: 'squid', args: ['-N', '-f', file], config, logFile: path.join(folder, 'cache.log') };
}

/** Both run as root here and drop privileges: their folder must be usable by the user they switch to. */
async function prepareFolder(kind: ProxySpec['kind'], folder: string): Promise<void> {
  if (kind === 'tinyproxy') {
    await chmod(folder, 0o777); // tinyproxy drops to nobody when started as root
    return;
  }
  await chmod(folder, 0o755);
  if (process.getuid?.() === 0) {
    // As root squid switches to the `proxy` user: its logs and pid must be writable by it.
    const uid = Number(execFileSync('id', ['-u', 'proxy']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'proxy']).toString().trim());
    await chown(folder, uid, gid);
  }
}

/** Starts a real tinyproxy or squid on a free loopback port and waits until it listens; `close()` stops it. */
export async function startProxy(spec: ProxySpec): Promise<RunningProxy> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `sponsorship-${spec.kind}-`));
  await prepareFolder(spec.kind, folder);
  const port = await freePort();
  const launch = spec.kind === 'tinyproxy' ? tinyproxyLaunch(spec, folder, port) : squidLaunch(spec, folder, port);
  await writeFile(launch.args[launch.args.length - 1]!, `${launch.config}\n`);
  const child = spawn(launch.program, launch.args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const close = stopper(child, folder);
  try {
    await waitForPort(port, child, () => stderr, spec.kind);
  } catch (error) {
    await close();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, close, log: () => readFile(launch.logFile, 'utf8').catch(() => '') };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fingerprintOf } from './keys';
import { runTool, SSHD } from './ssh-tools';

export interface SshdOptions {
  /** Public key lines allowed to log in, per user. */
  authorizedKeys?: Record<string, readonly string[]>;
  /** `AllowTcpForwarding` (default yes). */
  allowTcpForwarding?: boolean;
  /** `PasswordAuthentication` (default no). */
  password?: boolean;
  /** `KbdInteractiveAuthentication` through PAM (default no). */
  keyboardInteractive?: boolean;
  /** `Ciphers` list, e.g. to accept only chacha20-poly1305. */
  ciphers?: string;
  /** PATH of every session (`SetEnv`), e.g. a folder without sudo to play a server that lacks it. */
  sessionPath?: string;
  /** Run inside this network namespace (`ip netns exec NAME`), listening on `listenAddress`. */
  netns?: string;
  listenAddress?: string;
}

export interface TestSshd {
  host: string;
  port: number;
  /** SHA256 fingerprint of the current host key. */
  hostKeyFingerprint: string;
  /** Replaces the host key and restarts on the same port (what a reinstalled or spoofed server looks like). */
  changeHostKey(): Promise<void>;
  /** Kills every per-connection sshd process: the clients' connections drop, sshd keeps listening. */
  dropConnections(): Promise<void>;
  /** The server's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A real OpenSSH server on a free loopback port, with host keys made in a temp folder at test time. */
export async function startSshd(options: SshdOptions = {}): Promise<TestSshd> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-sshd-'));
  // sshd reads authorized_keys as the logging-in user.
  await fs.chmod(folder, 0o755);
  await fs.mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const keysFolder = path.join(folder, 'authorized_keys');
  await fs.mkdir(keysFolder, { mode: 0o755 });
  for (const [user, keys] of Object.entries(options.authorizedKeys ?? {})) {
    await fs.writeFile(path.join(keysFolder, user), `${keys.join('\n')}\n`, { mode: 0o644 });
  }
  const host = options.listenAddress ?? '127.0.0.1';
  const port = await freePort();
  const hostKey = path.join(folder, 'host_ed25519');
  const configFile = path.join(folder, 'sshd_config');
  await fs.writeFile(configFile, sshdConfig(options, { host, port, hostKey, folder, keysFolder }));

  let fingerprint = await makeHostKey(hostKey);
  let child = await launch(configFile, options.netns);
  let logText = '';
  const attachLog = (process: ChildProcess) => process.stderr?.on('data', (chunk: Buffer) => (logText += chunk.toString()));
  attachLog(child);

  const stopChild = async (process: ChildProcess) => {
    if (process.exitCode !== null || process.signalCode !== null) return;
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill('SIGTERM');
    await exited;
  };
  return {
    host,
    port,
    get hostKeyFingerprint() {
      return fingerprint;
    },
    changeHostKey: async () => {
      await stopChild(child);
      await fs.rm(hostKey, { force: true });
      await fs.rm(`${hostKey}.pub`, { force: true });
      fingerprint = await makeHostKey(hostKey);
      child = await launch(configFile, options.netns);
      attachLog(child);
    },
    dropConnections: async () => {
      for (const pid of await childrenOf(child.pid!)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    },
    log: () => logText,
    stop: async () => {
      await stopChild(child);
      await fs.rm(folder, { recursive: true, force: true });
    },
  };
}

function sshdConfig(options: SshdOptions, where: { host: string; port: number; hostKey: string; folder: string; keysFolder: string }): string {
  const yesNo = (value: boolean | undefined, fallback: boolean) => ((value ?? fallback) ? 'yes' : 'no');
  return [
    `Port ${where.port}`,
    `ListenAddress ${where.host}`,
    `HostKey ${where.hostKey}`,
    `PidFile ${path.join(where.folder, 'sshd.pid')}`,
    `AuthorizedKeysFile ${where.keysFolder}/%u`,
    'StrictModes no',
    'UsePAM yes',
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${yesNo(options.password, false)}`,
    `KbdInteractiveAuthentication ${yesNo(options.keyboardInteractive, false)}`,
    `AllowTcpForwarding ${yesNo(options.allowTcpForwarding, true)}`,
    ...(options.ciphers ? [`Ciphers ${options.ciphers}`] : []),
    ...(options.sessionPath ? [`SetEnv PATH=${options.sessionPath}`] : []),
    'PermitRootLogin no',
    'AllowUsers sst-*',
    'MaxSessions 10',
    'MaxAuthTries 10',
    'X11Forwarding no',
    'PrintMotd no',
    'Subsystem sftp internal-sftp',
    'LogLevel INFO',
    '',
  ].join('\n');
}

async function makeHostKey(file: string): Promise<string> {
  await runTool('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  return fingerprintOf(`${file}.pub`);
}

async function launch(configFile: string, netns: string | undefined): Promise<ChildProcess> {
  const command = netns ? ['ip', 'netns', 'exec', netns, SSHD] : [SSHD];
  const child = spawn(command[0]!, [...command.slice(1), '-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${output}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Server listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}: ${output}`));
    });
  });
  return child;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Direct children of `pid`, read from /proc (the per-connection sshd processes). */
async function childrenOf(pid: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[1]) === pid) children.push(Number(entry));
  }
  return children;
}

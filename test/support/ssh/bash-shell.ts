import { spawn } from 'node:child_process';
import type { RemoteShell } from '../../../main/core/host/ssh/remote-shell';
import type { SshConnection } from '../../../main/core/host/ssh/ssh-connection';

/**
 * A RemoteShell that runs each script with bash on this machine, as a server would (`bash -c SCRIPT bash
 * ARGS…`), optionally behind `prefix` (another user, a /proc with hidepid): the server-side lock rules
 * tested on their own, without a client on the same machine judging the holder first.
 * `before` lets a test change the server between the client's round trips.
 */
export function bashShell(options: { prefix?: readonly string[]; before?: (script: string, args: readonly string[]) => Promise<void> | void } = {}): RemoteShell {
  const prefix = options.prefix ?? [];
  return {
    connection: { label: 'bash-here' } as unknown as SshConnection,
    asUser: null,
    open: () => Promise.reject(new Error('bashShell runs scripts only')),
    run: async (script, args) => {
      await options.before?.(script, args);
      const [command, ...rest] = [...prefix, 'bash', '-c', script, 'bash', ...args];
      return new Promise((resolve, reject) => {
        const child = spawn(command!, rest, { stdio: ['ignore', 'pipe', 'pipe'] });
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        child.on('error', reject);
        child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }));
      });
    },
  };
}

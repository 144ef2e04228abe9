import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTool } from './ssh-tools';

export interface TestAgent {
  socket: string;
  stop(): Promise<void>;
}

/** A real `ssh-agent` on a socket in a temp folder, holding the given private keys. */
export async function startSshAgent(keyFiles: readonly string[]): Promise<TestAgent> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-agent-'));
  const socket = path.join(folder, 'agent.sock');
  const child = spawn('/usr/bin/ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (!existsSync(socket)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('ssh-agent did not start');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  for (const file of keyFiles) await runTool('/usr/bin/ssh-add', ['-q', file], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  return {
    socket,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await fs.rm(folder, { recursive: true, force: true });
    },
  };
}

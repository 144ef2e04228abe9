import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the CLI keeps command logs: `$XDG_STATE_HOME/sponsorship-setup/logs`, else
 * `~/.local/state/sponsorship-setup/logs` (the XDG default). Mode 700: logs can name hosts and users.
 */
export async function logFolder(env: NodeJS.ProcessEnv): Promise<{ folder: string; fileFor(name: string): string }> {
  const state = env['XDG_STATE_HOME'] && path.isAbsolute(env['XDG_STATE_HOME']) ? env['XDG_STATE_HOME'] : path.join(os.homedir(), '.local', 'state');
  const folder = path.join(state, 'sponsorship-setup', 'logs');
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  return {
    folder,
    fileFor: (name) => path.join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`),
  };
}

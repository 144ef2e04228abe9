import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

export const execFileAsync = promisify(execFile);

export const SSHD = '/usr/sbin/sshd';

/** Why the SSH tests cannot run here, or `null` when they can (root, OpenSSH server and client, sudo). */
export function sshSkipReason(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to start sshd and create test users (CI runs as root)';
  for (const tool of [SSHD, '/usr/bin/ssh-keygen', '/usr/bin/ssh-agent', '/usr/bin/ssh-add', '/usr/bin/sudo']) {
    if (!existsSync(tool)) return `${tool} is missing: run test/setup/install-system-packages.sh`;
  }
  return null;
}

/** Runs a program with a timeout; rejects with its stderr on failure. */
export async function runTool(file: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<string> {
  if (options.input !== undefined) {
    return new Promise((resolve, reject) => {
      const child = execFile(file, args, { timeout: 20_000, env: options.env }, (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} ${args.join(' ')}: ${stderr || error.message}`));
        else resolve(stdout);
      });
      child.stdin?.end(options.input);
    });
  }
  try {
    const { stdout } = await execFileAsync(file, args, { timeout: 20_000, env: options.env });
    return stdout;
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`${file} ${args.join(' ')}: ${failure.stderr || failure.message}`);
  }
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A temp HOME with ~/.ssh, removed after each test. */
export function useTempHome(): () => { home: string; ssh: string; write(name: string, text: string): string; keygen(name: string, type?: string): string } {
  let current: string | undefined;
  afterEach(() => {
    if (current) rmSync(current, { recursive: true, force: true });
    current = undefined;
  });
  return () => {
    current = mkdtempSync(path.join(os.tmpdir(), 'ssh-home-'));
    const home = current;
    const ssh = path.join(home, '.ssh');
    mkdirSync(ssh, { mode: 0o700 });
    return {
      home,
      ssh,
      write(name, text) {
        const file = path.join(ssh, name);
        writeFileSync(file, text, { mode: 0o600 });
        return file;
      },
      keygen(name, type = 'ed25519') {
        const file = path.join(ssh, name);
        execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-C', 'test', '-f', file]);
        return file;
      },
    };
  };
}

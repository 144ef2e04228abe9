import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSshError, type SshHost } from '../../../main/core/host/ssh/ssh-types';
import { chownTree, LOGIN_USER, loginKeyFolder, openAsLoginUser, sshSkipReason, startSshdFor, type TestSshd } from '../../support/ssh';

const run = promisify(execFile);
const skipReason = sshSkipReason();

describe.skipIf(skipReason !== null)(`SSH edit on a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let small: string;
  let mounted = false;
  let sshd: TestSshd;
  let host: SshHost;

  beforeAll(async () => {
    const made = await loginKeyFolder('sst-ssh-full-');
    folder = made.folder;
    await fs.chmod(folder, 0o755);
    small = path.join(folder, 'small');
    await fs.mkdir(small);
    mounted = await run('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0755', 'tmpfs', small]).then(() => true, () => false);
    await chownTree(small, LOGIN_USER);
    sshd = await startSshdFor(made.key);
    host = await openAsLoginUser(sshd, made.key);
  });

  afterAll(async () => {
    await host?.close();
    await sshd?.stop();
    if (mounted) await run('umount', [small]).catch(() => undefined);
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('fails with disk-full when the temp file cannot be written, replacing nothing and leaving no temp file', async (context) => {
    if (!mounted) {
      context.skip('cannot mount a small tmpfs here (needs root with mount rights)');
      return;
    }
    const file = path.join(small, 'global.override.env');
    await fs.writeFile(file, 'a=1\n', { mode: 0o600 });
    await chownTree(file, LOGIN_USER);
    const error = await host.writeFileIfUnchanged(file, Buffer.from('a=1\n'), Buffer.alloc(200 * 1024, 'b')).catch((e: unknown) => e);
    expect(isSshError(error, 'disk-full')).toBe(true);
    expect((error as Error).message).toContain('nothing was replaced');
    expect(await fs.readFile(file, 'utf8')).toBe('a=1\n');
    expect(await fs.readdir(small)).toEqual(['global.override.env']);
  });
});

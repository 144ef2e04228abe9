import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLockBusyError, LOCK_STALE_MS, type HostLockHolder } from '../../../main/core/host';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { chownTree, LOGIN_USER, loginKeyFolder, openAsLoginUser, sshSkipReason, startSshdFor, type TestSshd } from '../../support/ssh';

/** Lock rules only a server over SSH has: other users' lock folders, owner-matching deletes, hidden processes. */
describe.skipIf(sshSkipReason() !== null)(`SSH apply/edit lock on the server${sshSkipReason() ? ` (skipped: ${sshSkipReason()})` : ''}`, () => {
  let keyFolder: string;
  let sshd: TestSshd;
  let host: SshHost;
  let work: string;

  beforeAll(async () => {
    const { folder, key } = await loginKeyFolder('sst-ssh-lock-');
    keyFolder = folder;
    sshd = await startSshdFor(key);
    host = await openAsLoginUser(sshd, key);
  });
  afterAll(async () => {
    await host?.close();
    await sshd?.stop();
    await Promise.all([keyFolder, work].filter(Boolean).map((folder) => fs.rm(folder, { recursive: true, force: true })));
  });

  const freshFolder = async (): Promise<string> => {
    work = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-work-'));
    await chownTree(work, LOGIN_USER);
    return work;
  };
  /** A lock folder as root left it: 0700, so the login user can neither read its owner nor remove it. */
  const rootsLock = async (lockFolder: string, holder: HostLockHolder, ageMs: number) => {
    await fs.mkdir(lockFolder, { mode: 0o700 });
    await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(holder), { mode: 0o600 });
    const then = new Date(Date.now() - ageMs);
    await fs.utimes(lockFolder, then, then);
  };

  it('a stale lock the user cannot remove is refused at once, naming the folder, instead of retried forever', async () => {
    const target = path.join(await freshFolder(), 'apply');
    const lockFolder = `${target}.lock`;
    // Its owner.json cannot be read either: the holder is unknown, so the folder's age calls it stale.
    await rootsLock(lockFolder, { pid: 1, hostname: 'server', user: 'root', command: 'rebuilding', since: new Date().toISOString(), longHeld: true }, 2 * LOCK_STALE_MS);
    // A wait far longer than the test: only a refusal that does not depend on the wait ends it in time.
    const refused = await host.lock(target, { waitMs: 10 * 60_000 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HostLockBusyError);
    expect((refused as Error).message).toContain(`cannot remove ${lockFolder}`);
    expect(await fs.stat(lockFolder).then((s) => s.isDirectory())).toBe(true);
  });
});

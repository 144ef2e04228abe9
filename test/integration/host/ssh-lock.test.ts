import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostLockBusyError, LOCK_STALE_MS, type HostLockHolder } from '../../../main/core/host';
import { execLock } from '../../../main/core/host/ssh/ssh-lock';
import type { RemoteShell } from '../../../main/core/host/ssh/remote-shell';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { bashShell } from '../../support/ssh/bash-shell';
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
    // Marked stuck, so an apply reports this reason at once rather than waiting and calling it another apply.
    expect((refused as HostLockBusyError).stuck).toBe(true);
    expect(await fs.stat(lockFolder).then((s) => s.isDirectory())).toBe(true);
    // Moved aside to be compared, then put back under its name: nothing stray beside it.
    expect((await fs.readdir(path.dirname(lockFolder))).filter((name) => name.includes('.stale'))).toEqual([]);
  });

  it('a release removes only its own lock: one another holder took meanwhile (after a dropped link) stays', async () => {
    const target = path.join(await freshFolder(), 'apply');
    const lockFolder = `${target}.lock`;
    const lock = await host.lock(target, { longHeld: true });
    // As if the first rm worked, its exit status was lost with the link, and another process then took the lock.
    await fs.rm(lockFolder, { recursive: true });
    const next: HostLockHolder = { pid: process.pid, hostname: os.hostname(), user: 'next', command: 'next-apply', since: new Date().toISOString() };
    await fs.mkdir(lockFolder);
    await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(next));
    await chownTree(lockFolder, LOGIN_USER);
    await lock.release();
    expect(JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8'))).toEqual(next);
  });
});

describe('SSH lock scripts, run by bash on this machine as the server', () => {
  const folders: string[] = [];
  afterAll(async () => {
    await Promise.all(folders.map((folder) => fs.rm(folder, { recursive: true, force: true })));
  });
  const lockIn = async (holder: HostLockHolder): Promise<{ target: string; lockFolder: string }> => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-script-'));
    folders.push(folder);
    const target = path.join(folder, 'apply');
    await fs.mkdir(`${target}.lock`);
    await fs.writeFile(path.join(`${target}.lock`, 'owner.json'), JSON.stringify(holder));
    return { target, lockFolder: `${target}.lock` };
  };
  const holder = (extra: Partial<HostLockHolder>): HostLockHolder => ({ pid: process.pid, hostname: os.hostname(), user: 'someone', command: 'x', since: new Date().toISOString(), ...extra });

  it('of two waiters that judged the same lock stale, the slower one does not remove the fresh lock the faster one took', async () => {
    const crashed = holder({ pid: 2 ** 22 + 777, command: 'crashed' });
    const fresh = holder({ command: 'faster-waiter' });
    const { target, lockFolder } = await lockIn(crashed);
    let replaced = false;
    const shell = bashShell({
      before: async (script) => {
        // Between this waiter's look and its removal, the other waiter removes the stale lock and takes its own.
        if (replaced || script.includes('mkdir')) return;
        replaced = true;
        await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(fresh));
      },
    });
    const busy = await execLock(shell, target, { waitMs: 300 }).catch((error: unknown) => error);
    expect(replaced).toBe(true);
    expect(busy).toBeInstanceOf(HostLockBusyError);
    expect((busy as HostLockBusyError).holder).toMatchObject({ command: 'faster-waiter' });
    expect(JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8'))).toEqual(fresh);
  });

  /**
   * A `mkdir` on the server's PATH that, the first time, acts out a race: it finds the lock there
   * (another holder's) and that holder releases it before the script looks again (`exists-then-gone`),
   * or it makes the lock and the folder is removed before the owner is written (`made-then-gone`).
   */
  const racingMkdir = async (race: 'exists-then-gone' | 'made-then-gone'): Promise<string[]> => {
    const bin = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-bin-'));
    folders.push(bin);
    const once = path.join(bin, 'raced');
    const acts =
      race === 'exists-then-gone'
        ? 'echo "mkdir: cannot create directory \'$dir\': File exists" >&2; exit 1'
        : '/bin/mkdir "$@" && /bin/rmdir -- "$dir"; exit 0';
    await fs.writeFile(
      path.join(bin, 'mkdir'),
      `#!/bin/bash\ndir=\${!#}\nif [ ! -e ${once} ]; then : > ${once}; ${acts}; fi\nexec /bin/mkdir "$@"\n`,
      { mode: 0o755 },
    );
    return ['env', `PATH=${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`];
  };

  it('a lock released between the failed mkdir and the next look is taken, not reported as permission denied', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-script-'));
    folders.push(folder);
    const target = path.join(folder, 'apply');
    const lock = await execLock(bashShell({ prefix: await racingMkdir('exists-then-gone') }), target, { waitMs: 2_000 });
    expect(JSON.parse(await fs.readFile(path.join(`${target}.lock`, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('a lock removed before its owner was written is not taken for granted: taken again, with its owner', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-script-'));
    folders.push(folder);
    const target = path.join(folder, 'apply');
    const lock = await execLock(bashShell({ prefix: await racingMkdir('made-then-gone') }), target, { waitMs: 2_000 });
    expect(JSON.parse(await fs.readFile(path.join(`${target}.lock`, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it("a waiter that judged an ownerless lock stale does not remove the fresh one another waiter just made in its place", async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-script-'));
    folders.push(folder);
    const target = path.join(folder, 'apply');
    const lockFolder = `${target}.lock`;
    // Left by a holder that crashed before writing its owner, two stale ages ago.
    await fs.mkdir(lockFolder);
    const then = new Date(Date.now() - 2 * LOCK_STALE_MS);
    await fs.utimes(lockFolder, then, then);
    let replaced = false;
    const shell = bashShell({
      before: async (script) => {
        // Between this waiter's look and its removal, another waiter removes it and makes its own (owner not written yet).
        if (replaced || script.includes('mkdir')) return;
        replaced = true;
        await fs.rm(lockFolder, { recursive: true });
        await fs.mkdir(lockFolder);
      },
    });
    const busy = await execLock(shell, target, { waitMs: 300 }).catch((error: unknown) => error);
    expect(replaced).toBe(true);
    expect(busy).toBeInstanceOf(HostLockBusyError);
    expect((await fs.stat(lockFolder)).isDirectory()).toBe(true);
    expect((await fs.readdir(folder)).filter((name) => name.includes('.stale'))).toEqual([]);
  });

  it('a run named in the lock whose reply was lost with the link is adopted: the release still removes the lock', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-lock-script-'));
    folders.push(folder);
    const target = path.join(folder, 'apply');
    const server = bashShell();
    let lost = false;
    // The owner rewrite runs on the server, then the link drops before its exit status arrives.
    const shell: RemoteShell = {
      ...server,
      run: async (script, args) => {
        const result = await server.run(script, args);
        if (lost || !script.includes('.owner.tmp')) return result;
        lost = true;
        return { ...result, code: null, signal: null };
      },
    };
    const lock = await execLock(shell, target, { longHeld: true });
    await lock.holdWhile?.({ pid: process.pid });
    expect(lost).toBe(true);
    expect(JSON.parse(await fs.readFile(path.join(`${target}.lock`, 'owner.json'), 'utf8'))).toMatchObject({ run: { pid: process.pid } });
    await lock.release();
    expect(await fs.stat(`${target}.lock`).then(() => 'left', () => 'removed')).toBe('removed');
  });

  describe.skipIf(process.getuid?.() !== 0)('as another user behind /proc mounted with hidepid (needs root to mount it)', () => {
    const SERVER_NAME = 'sst-hidepid-server';
    /** The server: its own hostname (so this client cannot judge the holder itself) and a /proc showing the user only its own processes. */
    const asHiddenUser = [
      'unshare', '--mount', '--uts', 'bash', '-c',
      `mount -t proc -o hidepid=2 proc /proc && hostname ${SERVER_NAME} && exec setpriv --reuid=${LOGIN_USER} --regid=${LOGIN_USER} --clear-groups "$@"`,
      'server',
    ];
    let rootsRun: ChildProcess | undefined;
    afterAll(() => {
      rootsRun?.kill();
    });

    it("a live holder's process another user cannot see still holds the lock, however old; a gone one is taken over", async () => {
      rootsRun = spawn('sleep', ['600'], { stdio: 'ignore' });
      const old = new Date(Date.now() - 5 * LOCK_STALE_MS).toISOString();
      const { target, lockFolder } = await lockIn(holder({ pid: rootsRun.pid!, hostname: SERVER_NAME, user: 'root', command: 'rebuilding', since: old, longHeld: true }));
      // The waiter could remove the folder: only judging the holder alive keeps it from taking the lock.
      await chownTree(path.dirname(target), LOGIN_USER);
      const busy = await execLock(bashShell({ prefix: asHiddenUser }), target, { waitMs: 300 }).catch((error: unknown) => error);
      expect(busy).toBeInstanceOf(HostLockBusyError);
      expect((busy as HostLockBusyError).holder).toMatchObject({ command: 'rebuilding', pid: rootsRun.pid });
      await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(holder({ pid: 2 ** 22 + 99, hostname: SERVER_NAME, command: 'gone', since: old, longHeld: true })));
      const taken = await execLock(bashShell({ prefix: asHiddenUser }), target, { waitMs: 2_000 });
      expect(JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid, hostname: os.hostname() });
      await taken.release();
      await expect(fs.stat(lockFolder)).rejects.toThrow(/ENOENT/);
    });
  });
});

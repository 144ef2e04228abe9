import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HostError, HostLockBusyError, type HostLock, type HostLockHolder, type HostLockOptions } from './host';
import { aliveHere, holderOrRunAlive, isStaleHolder, LOCK_STALE_MS, runAliveHere, thisProcessAsHolder } from './lock-staleness';

export { LOCK_STALE_MS } from './lock-staleness';

const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

/** `<path>.lock/` — a folder, because mkdir is atomic locally and over SSH alike. */
export function lockFolderFor(target: string): string {
  return `${target}.lock`;
}

export async function localLock(target: string, options: HostLockOptions = {}): Promise<HostLock> {
  const folder = lockFolderFor(target);
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  for (;;) {
    const own = await tryTake(folder, options.longHeld === true);
    if (own) return releaserFor(folder, own);
    const holder = await readHolder(folder);
    if (holder === 'gone') continue;
    // Aged by the folder, as on a server (isStaleOnServer): an SSH holder's heartbeat keeps it young, while
    // its `since` is another machine's clock and the time it took the lock, however long ago.
    if (holder !== null && isStaleHolder(holder, holderOrRunAlive(aliveHere(holder), holder.run && runAliveHere(holder.run)), await folderAgeMs(folder))) {
      // Removed: take it at once. Moved by another waiter or put back (a fresh lock): wait like for any holder.
      if (await removeStale(target, folder, holder)) continue;
    }
    if (options.signal?.aborted || Date.now() >= deadline) {
      throw new HostLockBusyError(target, `${target} is being edited by ${describeHolder(holder)}; try again when it has finished`, holder);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** How long ago the folder last changed (taken, owner rewritten, heartbeat); 0 when it just went. */
async function folderAgeMs(folder: string): Promise<number> {
  return fs.stat(folder).then((s) => Date.now() - s.mtimeMs, () => 0);
}

async function tryTake(folder: string, longHeld: boolean): Promise<HostLockHolder | null> {
  try {
    // Readable by all (not secret): a waiter acting as another user can name and judge the holder.
    await fs.mkdir(folder, { mode: 0o755 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return null;
    throw new HostError(code === 'EACCES' || code === 'EPERM' ? 'permission-denied' : 'io', folder, `cannot create the lock ${folder}: ${(error as Error).message}`);
  }
  const holder = thisProcessAsHolder(os.userInfo().username, longHeld);
  await writeOwner(folder, holder);
  await fs.chmod(folder, 0o755);
  return holder;
}

/** Written aside and renamed over: a waiter reads the old holder or the new one, never half of one. */
async function writeOwner(folder: string, holder: HostLockHolder): Promise<void> {
  const aside = path.join(folder, `.owner-${process.pid}.json`);
  await fs.writeFile(aside, JSON.stringify(holder), { mode: 0o644 });
  await fs.chmod(aside, 0o644);
  await fs.rename(aside, path.join(folder, 'owner.json'));
}

/** The holder, `null` when the folder exists but its owner file is not written yet, `'gone'` when released meanwhile. */
async function readHolder(folder: string): Promise<HostLockHolder | null | 'gone'> {
  try {
    const text = await fs.readFile(path.join(folder, 'owner.json'), 'utf8');
    return JSON.parse(text) as HostLockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      const exists = await fs.stat(folder).then(() => true, () => false);
      if (!exists) return 'gone';
      return (await folderAgeMs(folder)) > LOCK_STALE_MS ? ({ pid: 0, hostname: '', user: 'unknown', command: 'unknown', since: new Date(0).toISOString() }) : null;
    }
    return null;
  }
}

/**
 * Moves the stale lock aside under a unique name before deleting it: rename is atomic, so of two
 * waiters that both saw it stale only one moves it. If what was moved turns out to be a fresh lock
 * (another waiter replaced the stale one in between), it is put back. `true` when it was removed.
 * A lock this user cannot move or delete (the install folder not writable, a sticky bit, another
 * user's files) is refused at once as stuck: retrying cannot help.
 */
async function removeStale(target: string, folder: string, seen: HostLockHolder | null): Promise<boolean> {
  const aside = `${folder}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await fs.rename(folder, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // Someone else moved or released it.
    throw cannotRemoveStale(target, folder, seen, error, null);
  }
  const moved = await readHolder(aside);
  const same = moved === 'gone' || moved === null || seen === null || (moved.pid === seen.pid && moved.since === seen.since && moved.hostname === seen.hostname);
  if (!same) {
    const restored = await fs.rename(aside, folder).then(() => true, () => false);
    if (restored) return false;
  }
  try {
    await fs.rm(aside, { recursive: true, force: true });
  } catch (error) {
    // Put it back where a waiter (and the admin) looks for it, rather than leave a stray folder beside the install.
    const restored = await fs.rename(aside, folder).then(() => true, () => false);
    throw cannotRemoveStale(target, folder, seen, error, restored ? null : aside);
  }
  return true;
}

function cannotRemoveStale(target: string, folder: string, holder: HostLockHolder | null, error: unknown, leftAt: string | null): HostLockBusyError {
  const user = os.userInfo().username;
  const where = leftAt ?? folder;
  return new HostLockBusyError(
    target,
    `${target} is locked by ${describeHolder(holder)}, which looks stale, but ${user} cannot remove ${where} (${(error as Error).message}); ` +
      `if that process no longer exists, remove ${where} as its owner${leftAt ? ` (it was moved there from ${folder})` : ''}`,
    holder,
    true,
  );
}

export function describeHolder(holder: HostLockHolder | null): string {
  if (holder === null) return 'another process';
  return `${holder.command} (pid ${holder.pid}, user ${holder.user} on ${holder.hostname}) since ${holder.since}`;
}

function releaserFor(folder: string, own: HostLockHolder): HostLock {
  let released = false;
  return {
    release: async () => {
      if (released) return;
      released = true;
      await fs.rm(folder, { recursive: true, force: true });
    },
    holdWhile: async (run) => {
      if (released) return;
      // Only while the lock is still ours (not taken over meanwhile as stale).
      const current = await readHolder(folder);
      if (current === null || current === 'gone' || current.pid !== own.pid || current.since !== own.since) return;
      await writeOwner(folder, { ...own, run });
    },
  };
}

import os from 'node:os';
import type { HostLockHolder } from './host';

/** An edit holds its lock for milliseconds (read, compare, rename); a lock this old was left by a crash. */
export const LOCK_STALE_MS = 60_000;

/**
 * Whether a lock's holder is stale, the one rule for every host. `alive` says whether the holder's
 * process still runs where that can be seen (`null`: it runs on a machine the waiter cannot look at).
 * - a holder whose process is gone is stale at once (a killed CLI's lock is taken over);
 * - a long-held lock (a whole bitwarden.sh run) whose process lives is never stale, however old;
 * - otherwise the age decides: older than `staleMs` is stale.
 */
export function isStaleHolder(holder: HostLockHolder, alive: boolean | null, now = Date.now(), staleMs = LOCK_STALE_MS): boolean {
  if (alive === false) return true;
  if (holder.longHeld === true && alive === true) return false;
  return now - Date.parse(holder.since) > staleMs;
}

/** Whether the holder's process runs, when it took the lock from this machine; `null` when that cannot be seen here. */
export function aliveHere(holder: HostLockHolder): boolean | null {
  if (holder.hostname !== os.hostname() || !(holder.pid > 0)) return null;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

import { readFileSync, readlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HostLockHolder, HostRunProcess } from './host';

/** An edit holds its lock for milliseconds (read, compare, rename); a lock this old was left by a crash. */
export const LOCK_STALE_MS = 60_000;

/**
 * Whether a lock's holder is stale, the one rule for every host. `alive` says whether the holder's
 * process still runs where that can be seen (`null`: it runs on a machine the waiter cannot look at).
 * - a holder whose process is gone is stale at once (a killed CLI's lock is taken over);
 * - a long-held lock (a whole bitwarden.sh run) whose process lives is never stale, however old;
 * - otherwise the age decides: older than `staleMs` is stale.
 */
export function isStaleHolder(holder: HostLockHolder, alive: boolean | null, ageMs = Date.now() - Date.parse(holder.since), staleMs = LOCK_STALE_MS): boolean {
  if (alive === false) return true;
  if (holder.longHeld === true && alive === true) return false;
  return ageMs > staleMs;
}

/** This process as a lock's holder: who it is, and where (its machine's boot id tells two machines of one hostname apart). */
export function thisProcessAsHolder(user: string, longHeld: boolean): HostLockHolder {
  const holder: HostLockHolder = {
    pid: process.pid,
    hostname: os.hostname(),
    user,
    command: path.basename(process.argv[1] ?? process.argv0),
    since: new Date().toISOString(),
  };
  const bootId = bootIdHere();
  if (bootId !== null) holder.bootId = bootId;
  const pidNs = pidNamespaceHere();
  if (pidNs !== null) holder.pidNs = pidNs;
  if (longHeld) holder.longHeld = true;
  const startTicks = processStartTicks(process.pid);
  if (startTicks !== null) holder.startTicks = startTicks;
  return holder;
}

/** Where a lock's holder is judged: a machine's hostname, boot id and pid namespace (`null`: unknown there). */
export interface LockMachine {
  hostname: string;
  bootId: string | null;
  pidNs?: string | null;
}

/**
 * Whether the holder took the lock where its pid can be judged: the same hostname, the same boot when
 * the holder wrote one (two machines may share a hostname; a reboot ends every process), and the same
 * pid namespace when it wrote one (a container or Flatpak shares its host's boot id, with pids of its own).
 */
export function sameMachine(holder: HostLockHolder, machine: LockMachine): boolean {
  if (holder.hostname !== machine.hostname) return false;
  if (holder.pidNs !== undefined && holder.pidNs !== machine.pidNs) return false;
  return holder.bootId === undefined || (machine.bootId !== null && holder.bootId === machine.bootId);
}

/** This process's pid namespace (`pid:[4026531836]`, Linux); `null` elsewhere. */
export function pidNamespaceHere(): string | null {
  try {
    return readlinkSync('/proc/self/ns/pid');
  } catch {
    return null;
  }
}

/** Linux's id of this boot of this machine; `null` elsewhere. */
export function bootIdHere(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Whether the holder's process runs, when it took the lock from this machine; `null` when that cannot be seen here. */
export function aliveHere(holder: HostLockHolder): boolean | null {
  if (!sameMachine(holder, { hostname: os.hostname(), bootId: bootIdHere(), pidNs: pidNamespaceHere() }) || !(holder.pid > 0)) return null;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  return sameProcess(holder, processStartTicks(holder.pid));
}

/**
 * A live pid is the holder's own only if it started when the holder did: after a crash the pid may
 * have gone to another process, which would keep a long-held lock forever. Unknown either way: alive.
 */
export function sameProcess(holder: HostLockHolder, startTicksNow: string | null): boolean {
  return holder.startTicks === undefined || startTicksNow === null || startTicksNow === holder.startTicks;
}

/** When a process started, in clock ticks since boot (field 22 of Linux's /proc/PID/stat); `null` elsewhere. */
export function processStartTicks(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/**
 * The holder or the run it named in the lock: alive when either is seen alive; gone when the holder
 * is gone and so is its run (or it named none); otherwise unknown.
 */
export function holderOrRunAlive(holderAlive: boolean | null, runAlive: boolean | null | undefined): boolean | null {
  if (holderAlive === true || runAlive === true) return true;
  if (holderAlive === false && runAlive !== null) return false;
  return null;
}

/**
 * Whether a run named in a lock on this machine still runs: its process, or for a process group any
 * member (bitwarden.sh's docker children outlive their shell). A live leader that started at another
 * time is a reused pid: not the run.
 */
export function runAliveHere(run: HostRunProcess): boolean {
  const leader = signalZero(run.pid);
  if (leader !== false && run.startTicks !== undefined) {
    const now = processStartTicks(run.pid);
    if (now !== null && now !== run.startTicks) return false;
  }
  if (leader !== false) return true;
  return run.group === true && signalZero(-run.pid) !== false;
}

/** kill(pid, 0): `true` when it may be signalled, `'other-user'` when it runs as someone else, `false` when gone. */
function signalZero(pid: number): boolean | 'other-user' {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? 'other-user' : false;
  }
}

import { HostLockBusyError, lockFolderFor, type Host, type HostLock, type HostLockHolder, type HostRunStarted } from '../host';
import { hostPath, installErrorFrom } from '../install/install-paths';
import { CoreError } from '../shared';
import { applyRunsAt, refuseRunning, type ApplyRun } from './apply-runs';

/**
 * The lock's target, `<install>/.sponsorship-setup-apply` (the lock is the folder `….lock` beside it).
 * In the install folder because every process that may apply to this install reaches it: the app and
 * the CLI, as the owner, as root, or as the owner through sudo over SSH (a per-user folder would keep
 * them apart). Its own dot-name rather than `bitwarden.sh.lock`: `no-pull` runs without bitwarden.sh,
 * and the name says whose it is; bitwarden.sh only works in `bwdata/`, never with such a name.
 */
export function applyLockTarget(host: Host, installRoot: string): string {
  return hostPath(host).join(installRoot, '.sponsorship-setup-apply');
}

/** A holder that recorded its run lets go within a moment; one that cannot record holds for its whole run. */
const WAIT_WHERE_RECORDED_MS = 20_000;
/** Enough for a holder that just took the lock to write its name, so the refusal can say who it is. */
const WAIT_WHERE_NOT_RECORDED_MS = 1_000;

/**
 * One apply at a time per install, as a lock rather than a look: bitwarden.sh stopping the stack while
 * another one starts it leaves it in no known state, and two processes that only looked at the same
 * moment would both start. The lock is held from the look at the recorded runs until this process's
 * run is recorded on the host (then the record keeps the others out, and the lock is not held through
 * a run the process may not outlive); where nothing is recorded (this computer) it is held for the
 * whole apply, judged by whether its process lives rather than by age (a rebuild takes minutes).
 */
export interface ApplyGate {
  /**
   * Holds the lock and refuses (`run-in-progress`) while another apply of the install runs; when
   * `follow` names a recorded run to follow instead, lets go and returns its id. Nothing to do when
   * already held (this computer holds it from the first command to the last).
   */
  enter(follow?: (runs: ApplyRun[]) => string | undefined): Promise<string | undefined>;
  /** Pass as the run's `onStarted`: a recorded run lets the lock go. */
  started(started: HostRunStarted): void;
  /** Lets the lock go, if held (safe to call twice; call when the apply ends). */
  release(): Promise<void>;
}

export function openApplyGate(host: Host, installRoot: string, options: { installDir: string; signal?: AbortSignal }): ApplyGate {
  const target = applyLockTarget(host, installRoot);
  let lock: HostLock | null = null;
  let releasing: Promise<void> = Promise.resolve();
  const release = async () => {
    const held = lock;
    lock = null;
    // Our own release must end before we take the lock again: a late rm would remove the new lock.
    if (held) releasing = releasing.then(() => held.release()).catch(() => undefined);
    await releasing;
  };
  return {
    enter: async (follow) => {
      if (lock) return undefined;
      await releasing;
      lock = await takeApplyLock(host, target, options);
      try {
        const runs = await applyRunsAt(host, installRoot);
        const followed = follow?.(runs);
        if (followed === undefined) refuseRunning(runs, host);
        else await release();
        return followed;
      } catch (error) {
        await release();
        throw error;
      }
    },
    started: ({ recordedAs }) => {
      if (recordedAs !== null) void release();
    },
    release,
  };
}

async function takeApplyLock(host: Host, target: string, options: { installDir: string; signal?: AbortSignal }): Promise<HostLock> {
  const waitMs = host.listRuns ? WAIT_WHERE_RECORDED_MS : WAIT_WHERE_NOT_RECORDED_MS;
  try {
    return await host.lock(target, { waitMs, longHeld: true, signal: options.signal });
  } catch (error) {
    if (error instanceof HostLockBusyError && options.signal?.aborted) {
      throw new CoreError('cancelled', `Cancelled while another apply for this install held its lock on ${host.label}; nothing was started.`, 'problem');
    }
    if (error instanceof HostLockBusyError) throw heldElsewhere(host, lockFolderFor(target), error.holder);
    throw installErrorFrom(error, lockFolderFor(target), options.installDir);
  }
}

/** Another process holds the apply lock: name it (there is no recorded run to attach to). */
function heldElsewhere(host: Host, lockFolder: string, holder: HostLockHolder | null): CoreError {
  const who = holder
    ? `${holder.command} (pid ${holder.pid}, user ${holder.user}${holder.hostname ? ` on ${holder.hostname}` : ''}) since ${holder.since}`
    : 'another process (its name is not written yet, or this user cannot read it)';
  return new CoreError(
    'run-in-progress',
    `Another apply for this install is running on ${host.label}: ${who}; nothing new was started. Wait for it to end, then run it again. ` +
      `If that process no longer exists, remove ${lockFolder}.`,
    'problem',
    { lockPath: lockFolder, ...(holder ? { holder: { pid: holder.pid, command: holder.command, user: holder.user, hostname: holder.hostname, since: holder.since } } : {}) },
  );
}

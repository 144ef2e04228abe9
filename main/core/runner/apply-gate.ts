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

/** Where runs are recorded, a waiter also looks at them meanwhile (a run of its own apply to follow, one to refuse for). */
const WAIT_WHERE_RECORDED_MS = 20_000;
/** Enough for a holder that just took the lock to write its name, so the refusal can say who it is. */
const WAIT_WHERE_NOT_RECORDED_MS = 1_000;
const LOOK_EVERY_MS = 1_000;

/**
 * One apply at a time per install, as a lock rather than a look: bitwarden.sh stopping the stack while
 * another one starts it leaves it in no known state, and two processes that only looked at the same
 * moment would both start. The lock is held for the whole apply, on every host: the recorded runs
 * live in the acting user's home (root and the owner through sudo see different ones) and a local run
 * on the server records none, so a record cannot stand in for it. Each run names its process in the
 * lock (the program's group here, the detached wrapper on a server): the lock outlives a killed holder
 * exactly as long as the run it started, and is judged by whether they live rather than by age.
 */
export interface ApplyGate {
  /**
   * Holds the lock and refuses (`run-in-progress`) while another apply of the install runs; when
   * `follow` names a recorded run to follow instead (this apply's command, started by another
   * process), returns its id. While another process holds the lock, its runs are followed, not started.
   */
  enter(follow?: (runs: ApplyRun[]) => string | undefined): Promise<string | undefined>;
  /** Pass as the run's `onStarted`: the run's process is named in the lock. */
  started(started: HostRunStarted): void;
  /** Lets the lock go, if held (safe to call twice; call when the apply ends). */
  release(): Promise<void>;
}

export function openApplyGate(host: Host, installRoot: string, options: { installDir: string; signal?: AbortSignal }): ApplyGate {
  const target = applyLockTarget(host, installRoot);
  let lock: HostLock | null = null;
  let naming: Promise<void> = Promise.resolve();
  const release = async () => {
    const held = lock;
    lock = null;
    await naming;
    await held?.release().catch(() => undefined);
  };
  return {
    enter: async (follow) => {
      if (!lock) {
        const taken = await takeOrFollow(host, target, installRoot, options, follow);
        if (typeof taken === 'string') return taken;
        lock = taken;
      }
      try {
        // Under the lock, still: a process that took it over (judged stale) may have run this command.
        const runs = await applyRunsAt(host, installRoot);
        const followed = follow?.(runs);
        if (followed === undefined) refuseRunning(runs, host);
        return followed;
      } catch (error) {
        await release();
        throw error;
      }
    },
    started: ({ recordedAs, process }) => {
      const held = lock;
      if (!held?.holdWhile || !process) return;
      naming = naming.then(() => held.holdWhile?.({ ...process, ...(recordedAs ? { id: recordedAs } : {}) })).catch(() => undefined);
    },
    release,
  };
}

/**
 * Takes the lock; while another process holds it, looks at the recorded runs meanwhile: a run of this
 * apply's command it started is followed (its id returned), a running one refuses at once.
 */
async function takeOrFollow(
  host: Host,
  target: string,
  installRoot: string,
  options: { installDir: string; signal?: AbortSignal },
  follow: ((runs: ApplyRun[]) => string | undefined) | undefined,
): Promise<HostLock | string> {
  const deadline = Date.now() + (host.listRuns ? WAIT_WHERE_RECORDED_MS : WAIT_WHERE_NOT_RECORDED_MS);
  for (;;) {
    const waitMs = Math.max(0, Math.min(LOOK_EVERY_MS, deadline - Date.now()));
    try {
      return await takeApplyLock(host, target, { ...options, waitMs });
    } catch (error) {
      if (!(error instanceof LockBusy)) throw error;
      if (host.listRuns) {
        const runs = await applyRunsAt(host, installRoot);
        const followed = follow?.(runs);
        if (followed !== undefined) return followed;
        refuseRunning(runs, host);
      }
      if (Date.now() >= deadline) throw heldElsewhere(host, lockFolderFor(target), error.holder);
    }
  }
}

class LockBusy extends Error {
  constructor(readonly holder: HostLockHolder | null) {
    super('busy');
  }
}

async function takeApplyLock(host: Host, target: string, options: { installDir: string; signal?: AbortSignal; waitMs: number }): Promise<HostLock> {
  try {
    return await host.lock(target, { waitMs: options.waitMs, longHeld: true, signal: options.signal });
  } catch (error) {
    if (error instanceof HostLockBusyError && options.signal?.aborted) {
      throw new CoreError('cancelled', `Cancelled while another apply for this install held its lock on ${host.label}; nothing was started.`, 'problem');
    }
    // Stale but not removable by this user: waiting cannot help, so say why now rather than "another apply".
    if (error instanceof HostLockBusyError && error.stuck) throw stuckLock(host, lockFolderFor(target), error);
    if (error instanceof HostLockBusyError) throw new LockBusy(error.holder);
    throw installErrorFrom(error, lockFolderFor(target), options.installDir);
  }
}

function stuckLock(host: Host, lockFolder: string, error: HostLockBusyError): CoreError {
  return new CoreError('run-in-progress', `The apply lock on ${host.label} is left over but cannot be cleared: ${error.message}. Nothing was started.`, 'problem', {
    lockPath: lockFolder,
    stuck: true,
    ...(error.holder ? { holder: { pid: error.holder.pid, command: error.holder.command, user: error.holder.user, hostname: error.holder.hostname, since: error.holder.since } } : {}),
  });
}

/** Another process holds the apply lock: name it (there is no recorded run to attach to). */
function heldElsewhere(host: Host, lockFolder: string, holder: HostLockHolder | null): CoreError {
  const who = holder
    ? `${holder.command} (pid ${holder.pid}, user ${holder.user}${holder.hostname ? ` on ${holder.hostname}` : ''}) since ${holder.since}${holder.run?.id ? `, running ${holder.run.id}` : ''}`
    : 'another process (its name is not written yet, or this user cannot read it)';
  return new CoreError(
    'run-in-progress',
    `Another apply for this install is running on ${host.label}: ${who}; nothing new was started. Wait for it to end, then run it again. ` +
      `If that process no longer exists, remove ${lockFolder}.`,
    'problem',
    { lockPath: lockFolder, ...(holder ? { holder: { pid: holder.pid, command: holder.command, user: holder.user, hostname: holder.hostname, since: holder.since } } : {}) },
  );
}

import { HostError, HostLockBusyError, type HostLock, type HostLockHolder, type HostLockOptions } from '../host';
import { describeHolder, lockFolderFor } from '../local-lock';
import { aliveHere, holderOrRunAlive, isStaleHolder, LOCK_STALE_MS, sameMachine, sameProcess, thisProcessAsHolder, type LockMachine } from '../lock-staleness';
import { assertNotLost, type RemoteShell } from './remote-shell';

const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 200;
const HELD = 20;
const CHANGED = 21;
/** The take script found the lock, and its holder released it before it could be read: take it again at once. */
const GONE = 22;
/** Well inside the stale age, so two missed beats (a slow link) do not let it go stale. */
const HEARTBEAT_MS = LOCK_STALE_MS / 4;

/**
 * Whether the run the holder named in the lock (`"run":{…}`, always on this server) still runs: `yes`,
 * `no`, or empty when none is named. Its process (not a zombie, not a reused pid), else, for a process
 * group, any member; hidden by hidepid, kill -0 answering "not permitted" still says it runs.
 */
const RUN_ALIVE = `runalive=
runpid=$(field '.*"run":{[^}]*"pid":\\([0-9]*\\).*')
runticks=$(field '.*"run":{[^}]*"startTicks":"\\([0-9]*\\)".*')
rungroup=$(field '.*"run":{[^}]*"group":\\(true\\).*')
run_alive() {
  local st rest
  if read -r st 2>/dev/null < "/proc/$runpid/stat"; then
    rest=\${st##*) }; set -- $rest
    [ -n "$runticks" ] && [ "\${20}" != "$runticks" ] && return 1
    [ "$1" != Z ] && return 0
  elif hidden_alive "$runpid"; then return 0
  fi
  [ "$rungroup" = true ] && hidden_alive -- "-$runpid"
}
if [ -n "$runpid" ]; then if run_alive; then runalive=yes; else runalive=no; fi; fi`;

/**
 * mkdir of the lock folder on the server (atomic there too) with the same owner.json and stale rules
 * as the local lock; readable by all, so a waiter acting as another user can name and judge the holder
 * (only its owner can remove it). The script also reports the server's hostname, boot id and pid namespace, whether
 * the holder's pid is alive there (`yes START-TICKS` or `no`), and the folder's age by the server's
 * clock, so staleness is judged in one round trip.
 * Another user's process may be hidden (/proc mounted with hidepid): then kill -0 answering "Operation
 * not permitted" still proves it runs (`yes` without a start time), rather than calling its lock stale.
 */
const TAKE_SCRIPT = `export LC_ALL=C
if err=$(mkdir -m 755 -- "$1" 2>&1); then
  # The folder went before the owner was written (judged stale meanwhile): ours no longer, try again.
  (umask 022; printf '%s' "$2" > "$1/owner.json") 2>/dev/null || { rmdir -- "$1" 2>/dev/null; exit ${GONE}; }
  exit 0
fi
if [ ! -d "$1" ]; then
  case $err in *"File exists"*) exit ${GONE} ;; esac
  echo "cannot create $1: $err" >&2; exit 6
fi
owner=$(cat -- "$1/owner.json" 2>/dev/null)
field() { printf '%s' "$owner" | sed -n "s/$1/\\1/p"; }
pid=$(printf '%s' "$owner" | sed 's/"run":{[^}]*}//' | sed -n 's/.*"pid":\\([0-9]*\\).*/\\1/p')
ticks() { local st rest; read -r st 2>/dev/null < "/proc/$1/stat" || return 1; rest=\${st##*) }; set -- $rest; printf '%s' "\${20}"; }
hidden_alive() { local err; err=$(kill -0 "$@" 2>&1) || [[ $err == *"not permitted"* ]]; }
alive=unknown
if [ -n "$pid" ]; then if t=$(ticks "$pid"); then alive="yes $t"; elif hidden_alive "$pid"; then alive=yes; else alive=no; fi; fi
${RUN_ALIVE}
boot=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)
pidns=$(readlink /proc/self/ns/pid 2>/dev/null)
printf '%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n%s\\n' "$(hostname)" "$boot" "$pidns" "$alive" "$runalive" "$(( $(date +%s) - $(stat -c %Y -- "$1") ))" "$owner"
exit ${HELD}`;

/**
 * Removes the lock folder only while its owner.json still says `$2` (the text the remover saw or wrote):
 * a waiter that judged a lock stale must not remove the fresh lock another waiter put in its place, and
 * a release retried after a dropped link must not remove the next holder's lock. The folder is moved
 * aside first (rename is atomic: of two waiters only one moves it) and compared there, so no other
 * waiter can replace it between the look and the rm; a fresh lock moved by mistake is put back. An
 * empty `$2` (no owner written yet) matches only a folder older than the stale age. Gone already: done.
 */
const REMOVE_SCRIPT = `export LC_ALL=C
[ -e "$1" ] || exit 0
if [ -z "$2" ] && [ $(( $(date +%s) - $(stat -c %Y -- "$1" 2>/dev/null || date +%s) )) -le ${LOCK_STALE_MS / 1000} ]; then exit ${CHANGED}; fi
aside="$1.stale.$$"
if ! err=$(mv -T -- "$1" "$aside" 2>&1); then [ -e "$1" ] || exit 0; echo "$err" >&2; exit 1; fi
if [ "$(cat -- "$aside/owner.json" 2>/dev/null)" != "$2" ]; then
  mv -T -n -- "$aside" "$1" 2>/dev/null
  [ -e "$aside" ] && echo "the lock moved aside to $aside could not be put back" >&2
  exit ${CHANGED}
fi
if ! err=$(rm -rf -- "$aside" 2>&1); then mv -T -n -- "$aside" "$1" 2>/dev/null; echo "$err" >&2; exit 1; fi`;

export async function execLock(shell: RemoteShell, target: string, options: HostLockOptions = {}): Promise<HostLock> {
  const folder = lockFolderFor(target);
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  const holder = thisProcessAsHolder(shell.asUser ?? shell.connection.label, options.longHeld === true);
  for (;;) {
    const result = await shell.run(TAKE_SCRIPT, [folder, JSON.stringify(holder)]);
    assertNotLost(result, shell.connection.label, `locking ${target}`);
    if (result.code === 0) return releaser(shell, folder, JSON.stringify(holder), options.longHeld === true);
    if (result.code === GONE && !options.signal?.aborted && Date.now() < deadline) continue;
    if (result.code === GONE) throw new HostLockBusyError(target, `${target} is being taken and released by other processes; try again`, null);
    if (result.code !== HELD) throw new HostError('permission-denied', folder, `cannot create the lock ${folder}: ${result.stderr.trim()}`);
    const [hostname, bootId, pidNs, alive, runAlive, age, ...rest] = result.stdout.toString('utf8').split('\n');
    const seen = rest.join('\n').replace(/\n$/, '');
    const current = parseHolder(seen);
    const server: ServerView = {
      hostname: hostname ?? '',
      bootId: bootId || null,
      pidNs: pidNs || null,
      alive: alive ?? 'unknown',
      runAlive: runAlive === 'yes' ? true : runAlive === 'no' ? false : undefined,
      folderAgeMs: age ? Number(age) * 1000 : NaN,
    };
    if (isStaleOnServer(current, server)) {
      const removed = await shell.run(REMOVE_SCRIPT, [folder, seen]);
      assertNotLost(removed, shell.connection.label, `removing the stale lock ${folder}`);
      // A stale lock this user cannot remove (another user's 0700 folder) stays: say so rather than retry it.
      if (removed.code !== 0 && removed.code !== CHANGED) throw cannotRemove(target, folder, holder.user, current, removed.stderr);
      // Removed, or replaced meanwhile by another waiter's fresh lock: look again at once (and name that one if busy).
      if (!options.signal?.aborted) continue;
    }
    if (options.signal?.aborted || Date.now() >= deadline) {
      throw new HostLockBusyError(target, `${target} is being edited by ${describeHolder(current)}; try again when it has finished`, current);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function cannotRemove(target: string, folder: string, user: string, current: HostLockHolder | null, stderr: string): HostLockBusyError {
  const why = stderr.trim().split('\n')[0] || 'rm failed';
  return new HostLockBusyError(
    target,
    `${target} is locked by ${describeHolder(current)}, which looks stale, but ${user} cannot remove ${folder} (${why}); ` +
      `if that process no longer exists, remove ${folder} as its owner`,
    current,
    true,
  );
}

/** Rewrites owner.json as `$3` (written aside, then renamed over it) while it still says `$2`. */
const HOLD_SCRIPT = `[ "$(cat -- "$1/owner.json" 2>/dev/null)" = "$2" ] || exit ${CHANGED}
(umask 022; printf '%s' "$3" > "$1/.owner.tmp") && mv -f -- "$1/.owner.tmp" "$1/owner.json"`;

/** Makes the folder young again while owner.json still says `$2`. */
const TOUCH_SCRIPT = `[ "$(cat -- "$1/owner.json" 2>/dev/null)" = "$2" ] && touch -c -- "$1"`;

/** The lock's owner.json as the server has it now; `null` when it cannot be read (or the link is down). */
async function ownerText(shell: RemoteShell, folder: string): Promise<string | null> {
  const result = await shell.run(`cat -- "$1/owner.json"`, [folder]).catch(() => null);
  return result?.code === 0 ? result.stdout.toString('utf8') : null;
}

function parseHolder(text: string): HostLockHolder | null {
  try {
    return JSON.parse(text.trim()) as HostLockHolder;
  } catch {
    return null;
  }
}

/** What the take script saw on the server: its hostname and boot id, the holder's pid there (`yes [TICKS]`, `no`, `unknown`), the lock folder's age. */
export interface ServerView extends LockMachine {
  alive: string;
  /** Whether the run the holder named in the lock still runs on the server; `undefined` when it named none. */
  runAlive?: boolean;
  folderAgeMs: number;
}

/**
 * The shared rule (isStaleHolder), with the holder's process looked at where it runs: on this machine
 * when it took the lock from here, on the server when it took it there (a local run on the server).
 * The age is the folder's as the server tells it, so clients' clocks do not matter.
 */
export function isStaleOnServer(holder: HostLockHolder | null, server: ServerView): boolean {
  const ageMs = Number.isFinite(server.folderAgeMs) ? server.folderAgeMs : undefined;
  if (holder === null) return (ageMs ?? 0) > LOCK_STALE_MS;
  const [state, ticks] = server.alive.split(' ');
  const onServer = sameMachine(holder, server) && holder.pid > 0 && state !== 'unknown' ? state === 'yes' && sameProcess(holder, ticks || null) : null;
  return isStaleHolder(holder, holderOrRunAlive(aliveHere(holder) ?? onServer, server.runAlive), ageMs);
}

function releaser(shell: RemoteShell, folder: string, ownText: string, longHeld: boolean): HostLock {
  let released = false;
  let text = ownText;
  // The server ages a lock by its folder: a long-held lock's holder keeps it young while it lives, so a
  // waiter that cannot see the holder's machine calls it stale only a stale age after the holder died.
  const heartbeat = longHeld ? setInterval(() => void shell.run(TOUCH_SCRIPT, [folder, text]).catch(() => undefined), HEARTBEAT_MS) : null;
  heartbeat?.unref();
  return {
    release: async () => {
      if (released) return;
      released = true;
      if (heartbeat) clearInterval(heartbeat);
      // A link that dropped during the rm would leave the lock to its (living) holder: one more try, on
      // the reconnected link; it removes the folder only if it is still ours (the first try may have worked).
      for (let attempt = 0; attempt < 2; attempt += 1) {
        const result = await shell.run(REMOVE_SCRIPT, [folder, text]).catch(() => null);
        if (result?.code === 0 || result?.code === CHANGED) return;
      }
    },
    holdWhile: async (run) => {
      if (released) return;
      const next = JSON.stringify({ ...(JSON.parse(ownText) as HostLockHolder), run });
      const result = await shell.run(HOLD_SCRIPT, [folder, text, next]).catch(() => null);
      if (result?.code === 0) text = next;
      else if (result?.code !== CHANGED && (await ownerText(shell, folder)) === next) {
        // The rewrite worked but its reply was lost with the link: the lock says `next` now, so the
        // heartbeat and the release must match that, or the lock would be left to go stale.
        text = next;
      }
    },
  };
}

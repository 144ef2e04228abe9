import type { Duplex } from 'node:stream';

/**
 * The one way core reaches the Bitwarden host. Today it is this machine (`createLocalHost`);
 * later an SSH connection to a headless server. Capabilities never call `fs` or `child_process`
 * for the install directly, so every capability works unchanged over either.
 *
 * Paths are the host's own absolute paths (POSIX on Linux/macOS servers, Windows paths on Windows).
 */
export interface Host {
  /** Human-readable name for messages, e.g. "this computer" or "admin@vault.example.com". */
  readonly label: string;
  /** The host's platform, so capabilities pick bitwarden.sh or bitwarden.ps1. */
  readonly platform: NodeJS.Platform;

  /** Metadata of a path without following a final symlink (`lstat`); `null` when it does not exist. */
  stat(path: string): Promise<HostStat | null>;
  /** Reads a whole file (following links). Refuses files larger than `maxBytes` with `too-large`. */
  readFile(path: string, options: { maxBytes: number }): Promise<Uint8Array>;
  /** Names in a folder, sorted. */
  list(path: string): Promise<HostDirectoryEntry[]>;
  /** Resolves every symlink in `path` (like `realpath`). */
  resolveLinks(path: string): Promise<string>;
  /**
   * Copies `path` to `backupPath` keeping mode and owner (the env file holds secrets: 600 stays 600).
   * Fails with `already-exists` rather than overwrite an existing backup.
   */
  backup(path: string, backupPath: string): Promise<void>;
  /**
   * Replaces the file's content atomically — temp file in the same folder, fsync, rename — keeping
   * mode and owner and following a symlink to its target, but only if the file still holds exactly
   * `expected`; otherwise fails with `changed-during-edit` and writes nothing.
   */
  writeFileIfUnchanged(path: string, expected: Uint8Array, content: Uint8Array): Promise<void>;
  /**
   * Runs a program with an argument array (never a shell), stdin closed, streaming each output line.
   * Cancelling `signal` terminates the process group, then kills it after `killGraceMs`.
   */
  run(request: HostRunRequest): Promise<HostRunResult>;
  /** Who core runs as on the host, to decide whether `bitwarden.sh` must be run as the bwdata owner. */
  identity(): Promise<HostIdentity>;
  /** User name for a numeric uid on the host (`null` when unknown). */
  userName(uid: number): Promise<string | null>;
  /**
   * Opens a TCP connection from the host's own network: a socket on this machine, an SSH
   * direct-tcpip channel on a remote server. `address` is a name or an IP literal as the host
   * resolves it. Rejects with a {@link HostConnectError} whose `code` names why.
   */
  connect(address: string, port: number, signal?: AbortSignal): Promise<Duplex>;
  /**
   * Takes an exclusive lock on `path` (a lock folder beside it, so it works over SSH too), waiting up
   * to `waitMs` (default 10 s) for another holder; then fails with `busy`, naming the holder. A lock
   * whose holder is gone (dead process, or older than the stale age) is taken over.
   */
  lock(path: string, options?: HostLockOptions): Promise<HostLock>;
  /**
   * Optional: fetches several paths in one go (one command over SSH instead of one request per stat,
   * read and listing) and returns a view of this host whose reads answer from that snapshot; anything
   * the snapshot does not hold (a failure, a path not asked for) falls through to the host, so results
   * and errors are the host's own. Edits, runs and locks through the view drop the snapshot first.
   * Hosts where each read is cheap (this computer) leave it out.
   */
  readAhead?(request: HostReadAhead): Promise<Host>;
  /**
   * The runs started with `record` on this host (as this host's user), newest first, running or
   * ended. Absent where runs end with this process (this computer): nothing to find there.
   */
  listRuns?(): Promise<HostRunRecord[]>;
  /**
   * Follows a recorded run by id — from another process, after the one that started it died or lost
   * its link — streaming its output from the start of its log until it ends, and reads its exit
   * status (at once for a run that already ended). Cancel and the idle timeout act on the run's
   * process group as in `run`. Rejects with a {@link HostError} `not-found` for an unknown id.
   */
  attachRun?(id: string, request: HostAttachRequest): Promise<HostRunResult>;
}

/** A run recorded on the host so another process can find it and attach to it. */
export interface HostRunRecord {
  /** Sortable by start time, e.g. `20261201-221503-Ab12Cd`. */
  id: string;
  command: string;
  args: string[];
  cwd: string;
  /** ISO time the run started. */
  startedAt: string;
  /** What the caller noted when it started the run (never secrets), e.g. `{ kind: 'apply', method: 'restart' }`. */
  tags: Record<string, string>;
  /** `lost`: it ended without recording an exit status (killed with its wrapper, or the host rebooted). */
  state: 'running' | 'finished' | 'lost';
  exitCode: number | null;
  /** The signal that ended it, when it ended by one. */
  signal: string | null;
  /** ISO time it ended, when it did. */
  endedAt: string | null;
  /** Someone (the process that started it, or one that attached) followed it to its end. */
  seen: boolean;
  /** Where its output is kept on the host, for messages. */
  logPath: string;
  logBytes: number;
}

export type HostAttachRequest = Pick<HostRunRequest, 'onLine' | 'signal' | 'killGraceMs' | 'idleTimeoutMs'>;

/** Asks `run` to record the run on the host (see {@link HostRunRecord}). */
export interface HostRunRecording {
  tags: Readonly<Record<string, string>>;
}

/** What {@link Host.readAhead} fetches. Every path is also stat'ed (and its links resolved). */
export interface HostReadAhead {
  /** Paths to stat only. */
  stat: readonly string[];
  /** Files to read whole (following links) when they are regular, readable and at most `maxBytes`. */
  read: readonly string[];
  /** Folders to list. */
  list: readonly string[];
  maxBytes: number;
}

export interface HostLockOptions {
  waitMs?: number;
  signal?: AbortSignal;
  /**
   * The holder keeps the lock while its own work runs, possibly for minutes (a whole bitwarden.sh
   * run), not for an edit's milliseconds: the lock then goes stale only when its process is known
   * to be gone, never by age alone. A waiter that cannot see that process (it runs on another
   * machine) still falls back to the stale age.
   */
  longHeld?: boolean;
}

export interface HostLock {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
  /**
   * Names a run's process (on the lock's host) in the lock: the lock then stays alive while that
   * process lives, even after its holder died (a killed CLI leaves bitwarden.sh running). Best effort.
   */
  holdWhile?(run: HostRunProcess): Promise<void>;
}

/** Who holds a lock, as written into the lock folder by the holder. */
export interface HostLockHolder {
  pid: number;
  hostname: string;
  user: string;
  command: string;
  /** ISO time the lock was taken. */
  since: string;
  /** Taken with {@link HostLockOptions.longHeld}: judged by whether its process lives, not by its age. */
  longHeld?: boolean;
  /** When the holder's process started (Linux clock ticks since boot), so a later process given the same pid is not taken for it. */
  startTicks?: string;
  /** The holder's machine's boot id (Linux), so a machine sharing its hostname does not judge its pid. */
  bootId?: string;
  /** The holder's pid namespace (Linux `pid:[…]`): a container or Flatpak shares its host's boot id, not its pids. */
  pidNs?: string;
  /** A run the holder started, on the lock's own host: the lock lives while it does (see {@link HostLock.holdWhile}). */
  run?: HostRunProcess & { id?: string };
}

/**
 * Why a TCP open failed, as a Node errno name so the firewall check's judges read local and remote
 * failures alike (`ECONNREFUSED`, `ETIMEDOUT`, `EHOSTUNREACH`, `ENETUNREACH`, `ENOTFOUND`,
 * `EAI_AGAIN`, `ECONNRESET`), or `forwarding-prohibited` when an SSH server refuses direct-tcpip.
 */
export class HostConnectError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostConnectError';
  }
}

export type HostPathKind = 'file' | 'directory' | 'symlink' | 'other';

export interface HostStat {
  kind: HostPathKind;
  size: number;
  /** Permission bits only (e.g. 0o600). */
  mode: number;
  uid: number;
  gid: number;
  mtimeMs: number;
}

export interface HostDirectoryEntry {
  name: string;
  kind: HostPathKind;
}

export interface HostRunRequest {
  command: string;
  args: readonly string[];
  cwd: string;
  /** Extra environment on top of the host's own; never put secrets here (they show in /proc). */
  env?: Readonly<Record<string, string>>;
  onLine?: (line: HostOutputLine) => void;
  signal?: AbortSignal;
  /** Grace period between SIGTERM and SIGKILL after cancel or timeout. */
  killGraceMs?: number;
  /** Ends the run as `timedOut` when no output arrives for this long (a hidden prompt). */
  idleTimeoutMs?: number;
  /**
   * Record the run on the host, so that another process can list it (`listRuns`) and attach to it after
   * this one died or lost its link. Only where runs outlive their process (a server over SSH).
   */
  record?: HostRunRecording;
  /**
   * Called once when the program has started (never for one that could not start), before its first
   * output line. For a run with `record`, the record exists on the host by then: another process that
   * lists the runs sees it, so a lock taken to start it exclusively can go.
   */
  onStarted?: (started: HostRunStarted) => void;
}

export interface HostRunStarted {
  /** The run's id in `listRuns`, or `null` when it is not recorded (this computer, or no record asked or possible). */
  recordedAs: string | null;
  /** The process on the host that lives exactly as long as the run (see {@link HostLock.holdWhile}); absent when not known. */
  process?: HostRunProcess;
}

/** A run's process on the host: the program's own process group here, the detached wrapper on a server. */
export interface HostRunProcess {
  pid: number;
  /** When it started (Linux clock ticks since boot), so a later process given its pid is not taken for it. */
  startTicks?: string;
  /** `pid` leads a process group that outlives it while any member runs (kill(-pid, 0) tells). */
  group?: boolean;
}

export interface HostOutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
  /** Milliseconds since the epoch when the line arrived. */
  at: number;
}

export interface HostRunResult {
  /** `null` when the process ended by a signal. */
  exitCode: number | null;
  signal: string | null;
  cancelled: boolean;
  /** Ended because it printed nothing for `idleTimeoutMs` (e.g. waiting on a prompt). */
  timedOut: boolean;
  /** The program could not be started at all (not found, not executable). */
  spawnError?: string;
  durationMs: number;
}

export interface HostIdentity {
  uid: number | null;
  gid: number | null;
  userName: string;
  isRoot: boolean;
}

export type HostErrorCode =
  | 'not-found'
  | 'permission-denied'
  | 'not-a-file'
  | 'not-a-directory'
  | 'too-large'
  | 'already-exists'
  | 'changed-during-edit'
  | 'busy'
  /** A symbolic link on the path loops (ELOOP). */
  | 'symlink-loop'
  | 'io';

/** A host operation failed for a reason a capability can turn into a problem code. */
export class HostError extends Error {
  constructor(
    readonly code: HostErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}

/**
 * `busy` from {@link Host.lock}: another holder kept the lock past the wait; `holder` is `null` when it
 * wrote no name yet. `stuck`: the lock looks stale but this user cannot remove it, so waiting cannot help.
 */
export class HostLockBusyError extends HostError {
  constructor(
    path: string,
    message: string,
    readonly holder: HostLockHolder | null,
    readonly stuck = false,
  ) {
    super('busy', path, message);
    this.name = 'HostLockBusyError';
  }
}

export function isHostError(error: unknown, code?: HostErrorCode): error is HostError {
  return error instanceof HostError && (code === undefined || error.code === code);
}

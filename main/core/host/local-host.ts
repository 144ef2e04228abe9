import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { localConnect } from './local-connect';
import { localLock } from './local-lock';
import { processStartTicks } from './lock-staleness';
import { superviseRun } from './run-supervisor';
import {
  HostError,
  type Host,
  type HostDirectoryEntry,
  type HostIdentity,
  type HostPathKind,
  type HostRunProcess,
  type HostRunRequest,
  type HostRunResult,
  type HostStat,
} from './host';

const DEFAULT_KILL_GRACE_MS = 5_000;

/** The machine this process runs on. */
export function createLocalHost(): Host {
  return {
    label: 'this computer',
    platform: process.platform,
    stat: localStat,
    readFile: localReadFile,
    list: localList,
    resolveLinks: (target) => wrapFsError(target, () => fs.realpath(target)),
    backup: localBackup,
    writeFileIfUnchanged: localWriteFileIfUnchanged,
    run: localRun,
    identity: localIdentity,
    userName: localUserName,
    connect: localConnect,
    lock: localLock,
  };
}

function kindOf(stats: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): HostPathKind {
  if (stats.isSymbolicLink()) return 'symlink';
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'directory';
  return 'other';
}

function toHostError(target: string, error: unknown): HostError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
      return new HostError('not-found', target, `${target} does not exist`);
    case 'EACCES':
    case 'EPERM':
      return new HostError('permission-denied', target, `permission denied: ${target}`);
    case 'EISDIR':
      return new HostError('not-a-file', target, `${target} is a folder, not a file`);
    case 'ENOTDIR':
      return new HostError('not-a-directory', target, `${target} is not a folder`);
    case 'EEXIST':
      return new HostError('already-exists', target, `${target} already exists`);
    case 'ELOOP':
      return new HostError('symlink-loop', target, `${target}: a symbolic link on this path loops`);
    default:
      return new HostError('io', target, detail);
  }
}

async function wrapFsError<T>(target: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof HostError) throw error;
    throw toHostError(target, error);
  }
}

async function localStat(target: string): Promise<HostStat | null> {
  try {
    const stats = await fs.lstat(target);
    return {
      kind: kindOf(stats),
      size: stats.size,
      mode: stats.mode & 0o7777,
      uid: stats.uid,
      gid: stats.gid,
      mtimeMs: stats.mtimeMs,
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw toHostError(target, error);
  }
}

async function localReadFile(target: string, options: { maxBytes: number }): Promise<Uint8Array> {
  return wrapFsError(target, async () => {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused as not a regular file below.
    const handle = await fs.open(target, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      if (stats.isDirectory()) throw new HostError('not-a-file', target, `${target} is a folder, not a file`);
      if (!stats.isFile()) throw new HostError('not-a-file', target, `${target} is not a regular file`);
      if (stats.size > options.maxBytes) {
        throw new HostError('too-large', target, `${target} is ${stats.size} bytes; the limit is ${options.maxBytes}`);
      }
      // Read one byte past the limit so a file that grew after stat is still refused.
      const buffer = Buffer.alloc(options.maxBytes + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled > options.maxBytes) {
          throw new HostError('too-large', target, `${target} is larger than ${options.maxBytes} bytes`);
        }
      }
      return new Uint8Array(buffer.subarray(0, filled));
    } finally {
      await handle.close();
    }
  });
}

async function localList(target: string): Promise<HostDirectoryEntry[]> {
  return wrapFsError(target, async () => {
    const entries = await fs.readdir(target, { withFileTypes: true });
    return entries
      .map((entry) => ({ name: entry.name, kind: kindOf(entry) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  });
}

async function localBackup(source: string, backupPath: string): Promise<void> {
  await wrapFsError(source, async () => {
    const stats = await fs.stat(source);
    // COPYFILE_EXCL: never overwrite an earlier backup.
    await fs.copyFile(source, backupPath, fsConstants.COPYFILE_EXCL);
    await fs.chmod(backupPath, stats.mode & 0o7777);
    await chownIfPossible(backupPath, stats.uid, stats.gid);
  });
}

async function chownIfPossible(target: string, uid: number, gid: number): Promise<void> {
  try {
    await fs.chown(target, uid, gid);
  } catch (error) {
    // Only root may give a file away; as the owner the file already has the right owner.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOSYS') throw error;
    const current = await fs.stat(target);
    if (current.uid !== uid || current.gid !== gid) {
      throw new HostError('permission-denied', target, `cannot give ${target} back to uid ${uid}:${gid}; run as root or as the owner`);
    }
  }
}

async function localWriteFileIfUnchanged(target: string, expected: Uint8Array, content: Uint8Array): Promise<void> {
  const realTarget = await wrapFsError(target, () => fs.realpath(target));
  const folder = path.dirname(realTarget);
  const tempPath = path.join(folder, `.${path.basename(realTarget)}.${randomBytes(6).toString('hex')}.tmp`);
  await wrapFsError(realTarget, async () => {
    const before = await fs.stat(realTarget);
    const handle = await fs.open(tempPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, before.mode & 0o7777);
    try {
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.chmod(tempPath, before.mode & 0o7777);
      await chownIfPossible(tempPath, before.uid, before.gid);
      // Compare as late as possible: the window between this read and the rename is the only race left.
      const current = await fs.readFile(realTarget);
      if (!Buffer.from(expected).equals(current)) {
        throw new HostError('changed-during-edit', realTarget, `${realTarget} changed on disk since it was read; nothing was written`);
      }
      await fs.rename(tempPath, realTarget);
      await syncFolder(folder);
    } catch (error) {
      await fs.rm(tempPath, { force: true });
      throw error;
    }
  });
}

async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(folder, fsConstants.O_RDONLY);
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on folders; the rename itself already happened.
  } finally {
    await handle.close();
  }
}

function localRun(request: HostRunRequest): Promise<HostRunResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    const child = spawn(request.command, [...request.args], {
      cwd: request.cwd,
      env: { ...process.env, ...request.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: false,
      // Own process group, so cancel reaches bitwarden.sh's docker children too.
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const supervisor = superviseRun({
      signal: request.signal,
      idleTimeoutMs: request.idleTimeoutMs,
      killGraceMs: request.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      signalGroup: (signal) => signalLocalGroup(child, `SIG${signal}`),
      onStarted: request.onStarted,
    });

    const finish = (result: Omit<HostRunResult, 'durationMs' | 'cancelled' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      supervisor.dispose();
      resolve({ ...result, cancelled: supervisor.cancelled, timedOut: supervisor.timedOut, durationMs: Date.now() - started });
    };

    const follow = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
      const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (text) => {
        supervisor.sawOutput();
        request.onLine?.({ stream: name, text, at: Date.now() });
      });
    };
    follow(child.stdout, 'stdout');
    follow(child.stderr, 'stderr');

    // Runs on this computer end with this process: nothing is recorded for another one to find.
    child.on('spawn', () => supervisor.started({ recordedAs: null, ...runProcessOf(child) }));
    child.on('error', (error) => finish({ exitCode: null, signal: null, spawnError: error.message }));
    child.on('close', (exitCode, signal) => finish({ exitCode, signal }));
  });
}

/** The child leads its own process group (detached): bitwarden.sh's docker children keep it alive after the child. */
function runProcessOf(child: ChildProcess): { process?: HostRunProcess } {
  if (child.pid === undefined || process.platform === 'win32') return {};
  const startTicks = processStartTicks(child.pid);
  return { process: { pid: child.pid, group: true, ...(startTicks !== null ? { startTicks } : {}) } };
}

function signalLocalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function localIdentity(): Promise<HostIdentity> {
  const info = os.userInfo();
  const uid = typeof process.getuid === 'function' ? process.getuid() : null;
  const gid = typeof process.getgid === 'function' ? process.getgid() : null;
  return { uid, gid, userName: info.username, isRoot: uid === 0 };
}

async function localUserName(uid: number): Promise<string | null> {
  if (process.platform === 'win32') return null;
  try {
    const passwd = await fs.readFile('/etc/passwd', 'utf8');
    for (const line of passwd.split('\n')) {
      const fields = line.split(':');
      if (fields.length > 2 && Number(fields[2]) === uid) return fields[0] ?? null;
    }
  } catch {
    // No passwd file (e.g. some containers): the caller falls back to the numeric id.
  }
  return null;
}

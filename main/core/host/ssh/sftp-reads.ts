import type { SFTPWrapper, Stats } from 'ssh2';
import { HostError, type HostStat } from '../host';
import { kindOfMode, sortEntries, type RemoteReads } from './remote-reads';
import type { SshConnection } from './ssh-connection';

const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;
const CHUNK = 32 * 1024;

type SftpError = Error & { code?: number };

function hostErrorFrom(path: string, error: unknown): HostError {
  if (error instanceof HostError) return error;
  const sftpError = error as SftpError;
  if (sftpError.code === SFTP_NO_SUCH_FILE) return new HostError('not-found', path, `${path} does not exist`);
  if (sftpError.code === SFTP_PERMISSION_DENIED) return new HostError('permission-denied', path, `permission denied: ${path}`);
  return new HostError('io', path, `${path}: ${sftpError.message}`);
}

function call<T>(run: (callback: (error: Error | null | undefined, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

function toHostStat(stats: Stats): HostStat {
  return { kind: kindOfMode(stats.mode), size: stats.size, mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid, mtimeMs: stats.mtime * 1000 };
}

/** Reads as the login user over the connection's one SFTP session; a read cut by a drop is retried once. */
export function sftpReads(connection: SshConnection): RemoteReads {
  const withSftp = <T>(path: string, operation: (sftp: SFTPWrapper) => Promise<T>) =>
    connection.idempotent(async () => operation(await connection.sftp())).catch((error: unknown) => {
      throw hostErrorFrom(path, error);
    });
  return {
    stat: (path) =>
      withSftp(path, async (sftp) => {
        try {
          return toHostStat(await call<Stats>((cb) => sftp.lstat(path, cb)));
        } catch (error) {
          if ((error as SftpError).code === SFTP_NO_SUCH_FILE) return null;
          throw error;
        }
      }),
    readFile: (path, options) => withSftp(path, (sftp) => readLimited(sftp, path, options.maxBytes)),
    list: (path) =>
      withSftp(path, async (sftp) => {
        const stats = await call<Stats>((cb) => sftp.stat(path, cb));
        if (!stats.isDirectory()) throw new HostError('not-a-directory', path, `${path} is not a folder`);
        const entries = await call<Array<{ filename: string; attrs: Stats }>>((cb) => sftp.readdir(path, cb));
        return sortEntries(entries.filter((e) => e.filename !== '.' && e.filename !== '..').map((e) => ({ name: e.filename, kind: kindOfMode(e.attrs.mode) })));
      }),
    resolveLinks: (path) =>
      withSftp(path, async (sftp) => {
        // OpenSSH's realpath canonicalises a missing path too; lstat first so a missing path fails as locally.
        await call<Stats>((cb) => sftp.stat(path, cb));
        return call<string>((cb) => sftp.realpath(path, cb));
      }),
  };
}

async function readLimited(sftp: SFTPWrapper, path: string, maxBytes: number): Promise<Uint8Array> {
  const handle = await call<Buffer>((cb) => sftp.open(path, 'r', cb));
  try {
    const stats = await call<Stats>((cb) => sftp.fstat(handle, cb));
    if (stats.isDirectory()) throw new HostError('not-a-file', path, `${path} is a folder, not a file`);
    if (!stats.isFile()) throw new HostError('not-a-file', path, `${path} is not a regular file`);
    if (stats.size > maxBytes) throw new HostError('too-large', path, `${path} is ${stats.size} bytes; the limit is ${maxBytes}`);
    // Read one byte past the limit so a file that grew after stat is still refused.
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    for (;;) {
      const length = Math.min(CHUNK, buffer.length - filled);
      if (length === 0) break;
      const bytesRead = await new Promise<number>((resolve, reject) =>
        sftp.read(handle, buffer, filled, length, filled, (error, count) => (error ? reject(error) : resolve(count))),
      ).catch((error: SftpError) => {
        if (/EOF|end of file/i.test(error.message) || error.code === 1) return 0;
        throw error;
      });
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) throw new HostError('too-large', path, `${path} is larger than ${maxBytes} bytes`);
    return new Uint8Array(buffer.subarray(0, filled));
  } finally {
    await call<void>((cb) => sftp.close(handle, cb as never)).catch(() => undefined);
  }
}

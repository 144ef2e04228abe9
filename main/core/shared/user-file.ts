import { constants as fsConstants, promises as fs } from 'node:fs';
import { CoreError } from './problem';

/**
 * Files the admin names on this machine (a license, a certificate, a CA, a password file, the
 * settings) — not files of the Bitwarden install, which go through the Host. One set of rules for
 * every surface: the path must name a regular file (checked on the open descriptor, before any
 * byte is read), no larger than `maxBytes`. A device such as /dev/zero is refused unread, and a
 * FIFO is refused at once unless the caller allows it (then it is read with a timeout).
 */
/** A root-certificate bundle (even a whole system store) is well under this. */
export const CA_FILE_MAX_BYTES = 4 * 1024 * 1024;

export interface ReadUserFileOptions {
  /** Allow a named pipe (e.g. `--password-file <(pass show …)`), read for at most this long. */
  fifoTimeoutMs?: number;
  /** Problem code for every failure (e.g. `invalid-ca`), so a surface keeps its documented code. */
  code?: string;
}

/** Unusable-input codes when no `code` is given. */
export type UserFileErrorCode = 'usage' | 'file-not-found' | 'not-a-file' | 'file-too-large' | 'file-unreadable' | 'symlink-loop' | 'timeout';

export async function readUserFile(file: string, what: string, maxBytes: number, options: ReadUserFileOptions = {}): Promise<Uint8Array> {
  const fail = (code: UserFileErrorCode, message: string): never => {
    throw new CoreError(options.code ?? code, message, 'unusable-input', { path: file, reason: code });
  };
  if (file.trim() === '') return fail('usage', `The ${what} path is empty.`);
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer (the command would hang forever).
    handle = await fs.open(file, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    return fail(...openFailure(error as NodeJS.ErrnoException, file, what));
  }
  try {
    const stats = await handle.stat();
    if (stats.isFIFO() && options.fifoTimeoutMs !== undefined) return await readFifo(handle, file, what, maxBytes, options.fifoTimeoutMs, fail);
    if (stats.isDirectory()) return fail('not-a-file', `The ${what} ${file} is a folder, not a file.`);
    if (!stats.isFile()) return fail('not-a-file', `The ${what} ${file} is not a regular file (a device, pipe or socket), so it was not read.`);
    if (stats.size > maxBytes) return fail('file-too-large', `The ${what} ${file} is ${stats.size} bytes; the limit is ${maxBytes} bytes, so it was not read.`);
    return await readAtMost(handle, maxBytes, () => fail('file-too-large', `The ${what} ${file} grew past ${maxBytes} bytes while it was read.`));
  } catch (error) {
    if (error instanceof CoreError) throw error;
    return fail('file-unreadable', `Cannot read the ${what} ${file}: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

function openFailure(error: NodeJS.ErrnoException, file: string, what: string): [UserFileErrorCode, string] {
  switch (error.code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return ['file-not-found', `The ${what} ${file} does not exist.`];
    case 'ELOOP':
      return ['symlink-loop', `The ${what} ${file} cannot be opened: a symbolic link on its path points back at itself (a loop).`];
    case 'EACCES':
    case 'EPERM':
      return ['file-unreadable', `Cannot read the ${what} ${file}: permission denied.`];
    default:
      return ['file-unreadable', `Cannot read the ${what} ${file}: ${error.message}`];
  }
}

/** Reads to the end, refusing (via `tooLarge`) a file that holds more than `maxBytes`. */
async function readAtMost(handle: fs.FileHandle, maxBytes: number, tooLarge: () => never): Promise<Uint8Array> {
  const buffer = Buffer.alloc(maxBytes + 1);
  let filled = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
    if (filled > maxBytes) tooLarge();
  }
  return new Uint8Array(buffer.subarray(0, filled));
}

const FIFO_POLL_MS = 20;

/**
 * A non-blocking FIFO reads EOF before any writer has opened it, and EAGAIN while a writer is
 * open but quiet; so it is polled until data has come and then EOF, or the time is up.
 */
async function readFifo(
  handle: fs.FileHandle,
  file: string,
  what: string,
  maxBytes: number,
  timeoutMs: number,
  fail: (code: UserFileErrorCode, message: string) => never,
): Promise<Uint8Array> {
  const deadline = Date.now() + timeoutMs;
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    let bytesRead = 0;
    let writerQuiet = false;
    const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1));
    try {
      ({ bytesRead } = await handle.read(chunk, 0, chunk.length, null));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      writerQuiet = true;
    }
    if (bytesRead > 0) {
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) fail('file-too-large', `The ${what} ${file} sent more than ${maxBytes} bytes.`);
      continue;
    }
    if (total > 0 && !writerQuiet) return new Uint8Array(Buffer.concat(chunks));
    if (Date.now() >= deadline) fail('timeout', `Nothing arrived through the pipe ${file} (${what}) within ${Math.round(timeoutMs / 1000)} s.`);
    await new Promise((resolve) => setTimeout(resolve, FIFO_POLL_MS));
  }
}

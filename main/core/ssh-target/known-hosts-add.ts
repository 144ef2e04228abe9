import { randomBytes } from 'node:crypto';
import { appendFile, chmod, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SshEndpoint } from '../host/ssh/ssh-types';
import { keyTypeOfBlob } from './fingerprint';
import { hashedName, knownHostsName } from './known-hosts';

/** One known_hosts line for the endpoint: `name keytype base64`, the name hashed (`|1|salt|hash`) when asked. */
export function knownHostsLine(endpoint: Pick<SshEndpoint, 'host' | 'port'>, key: Uint8Array, hashed: boolean): string {
  const name = knownHostsName(endpoint);
  const type = keyTypeOfBlob(key);
  if (!type) throw new Error('the offered host key is malformed');
  let field = name;
  if (hashed) {
    const salt = randomBytes(20);
    field = `|1|${salt.toString('base64')}|${hashedName(name, salt)}`;
  }
  return `${field} ${type} ${Buffer.from(key).toString('base64')}`;
}

/**
 * Appends the entry to the user's known_hosts. A new file gets mode 600 and a new folder 700, as
 * OpenSSH makes them; an existing file keeps its mode, and a missing final newline is added first.
 */
export async function addKnownHost(file: string, endpoint: Pick<SshEndpoint, 'host' | 'port'>, key: Uint8Array, hashed: boolean): Promise<string> {
  const line = knownHostsLine(endpoint, key, hashed);
  const folder = path.dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  let existing: Buffer | null = null;
  try {
    existing = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing === null) {
    // 'wx': never replace a file that appeared meanwhile; its mode is 600 from the start.
    const handle = await open(file, 'wx', 0o600).catch(async (error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? null : Promise.reject(error)));
    if (handle) {
      try {
        await handle.writeFile(`${line}\n`);
      } finally {
        await handle.close();
      }
      if (process.platform !== 'win32') await chmod(file, 0o600);
      return line;
    }
    existing = await readFile(file);
  }
  const separator = existing.length > 0 && existing[existing.length - 1] !== 0x0a ? '\n' : '';
  await appendFile(file, `${separator}${line}\n`);
  return line;
}

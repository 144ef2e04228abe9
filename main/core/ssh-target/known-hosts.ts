import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { glob } from 'ssh-config';
import type { SshEndpoint } from '../host/ssh/ssh-types';
import { keyTypeOfBlob } from './fingerprint';

export type KnownHostMarker = 'revoked' | 'cert-authority' | null;

export interface KnownHostEntry {
  file: string;
  line: number;
  marker: KnownHostMarker;
  /** Comma-separated patterns, or one `|1|salt|hash` hashed name. */
  patterns: string;
  keyType: string;
  key: Buffer;
}

/** Parses known_hosts text (sshd(8) SSH_KNOWN_HOSTS FILE FORMAT); lines that are not entries are skipped. */
export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (!fields[0] || fields[0].startsWith('#')) return;
    let marker: KnownHostMarker = null;
    if (fields[0].startsWith('@')) {
      const name = fields.shift()!.slice(1).toLowerCase();
      if (name !== 'revoked' && name !== 'cert-authority') return;
      marker = name;
    }
    const [patterns, keyType, keyText] = fields;
    if (!patterns || !keyType || !keyText || !/^[A-Za-z0-9+/]+=*$/.test(keyText)) return;
    entries.push({ file, line: index + 1, marker, patterns, keyType, key: Buffer.from(keyText, 'base64') });
  });
  return entries;
}

/** The name OpenSSH looks up: `host` on port 22, else `[host]:port`. */
export function knownHostsName(endpoint: Pick<SshEndpoint, 'host' | 'port'>): string {
  const host = endpoint.host.toLowerCase();
  return endpoint.port === 22 ? host : `[${host}]:${endpoint.port}`;
}

export function hashedName(name: string, salt: Buffer): string {
  return createHmac('sha1', salt).update(name).digest('base64');
}

/** Whether an entry's host field names `name` (hashed entries, wildcards and `!negation` as OpenSSH matches them). */
export function entryMatches(entry: Pick<KnownHostEntry, 'patterns'>, name: string): boolean {
  if (entry.patterns.startsWith('|1|')) {
    const [, , salt, hash] = entry.patterns.split('|');
    if (!salt || !hash) return false;
    return hashedName(name, Buffer.from(salt, 'base64')) === hash;
  }
  return glob(entry.patterns.toLowerCase().split(','), name);
}

export type HostKeyStatus =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }
  | { status: 'changed'; entry: KnownHostEntry }
  /** `certAuthority`: only an @cert-authority line names this host (certificates are not supported). */
  | { status: 'unknown'; otherKeyTypes: string[]; certAuthority: KnownHostEntry | null };

/**
 * Checks an offered key blob against the entries for `name`: a revoked key is refused first; then a
 * matching entry makes it known; an entry of the same key type with another key means it changed.
 */
export function checkHostKey(entries: readonly KnownHostEntry[], name: string, key: Uint8Array): HostKeyStatus {
  const offered = Buffer.from(key);
  const offeredType = keyTypeOfBlob(offered);
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(offered) && entryMatches(e, name));
  if (revoked) return { status: 'revoked', entry: revoked };
  const forHost = entries.filter((e) => e.marker === null && entryMatches(e, name));
  const known = forHost.find((e) => e.key.equals(offered));
  if (known) return { status: 'known', entry: known };
  const changed = forHost.find((e) => keyTypeOfBlob(e.key) === offeredType);
  if (changed) return { status: 'changed', entry: changed };
  const certAuthority = entries.find((e) => e.marker === 'cert-authority' && entryMatches(e, name)) ?? null;
  return { status: 'unknown', otherKeyTypes: [...new Set(forHost.map((e) => keyTypeOfBlob(e.key) ?? e.keyType))], certAuthority };
}

/** Reads every file that exists, in order; a missing file is an empty list. */
export async function readKnownHostsFiles(files: readonly string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') continue;
      throw error;
    }
    all.push(...parseKnownHosts(text, file));
  }
  return all;
}

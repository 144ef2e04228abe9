import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SshError } from '../host/ssh/ssh-types';
import { unsupportedConfig } from './ssh-config-file';

/** OpenSSH's default identities that we can use, tried in this order when the config names none. */
export const DEFAULT_IDENTITY_NAMES = ['id_ed25519', 'id_ecdsa', 'id_rsa'] as const;

const MAX_KEY_FILE_BYTES = 64 * 1024;

/** The key type inside an OpenSSH private key file (`openssh-key-v1`: its public part is never encrypted), or null for PEM and other formats. */
export function openSshPrivateKeyType(text: string): string | null {
  const match = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text);
  if (!match) return null;
  const data = Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
  const magic = 'openssh-key-v1\0';
  if (data.subarray(0, magic.length).toString('latin1') !== magic) return null;
  let offset = magic.length;
  const readString = (): Buffer | null => {
    if (offset + 4 > data.length) return null;
    const length = data.readUInt32BE(offset);
    offset += 4;
    if (offset + length > data.length) return null;
    const value = data.subarray(offset, offset + length);
    offset += length;
    return value;
  };
  // ciphername, kdfname, kdfoptions, then the key count and the first public key blob.
  if (!readString() || !readString() || !readString() || offset + 4 > data.length) return null;
  offset += 4;
  const blob = readString();
  if (!blob || blob.length < 4) return null;
  const typeLength = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + typeLength).toString('latin1');
}

/** Refuses key kinds we cannot use: FIDO (`sk-`) keys and SSH certificates, by name. */
export function checkKeyKind(file: string, text: string): void {
  const publicType = /^\s*(\S+)\s+[A-Za-z0-9+/=]+/.exec(text)?.[1];
  const type = openSshPrivateKeyType(text) ?? (publicType && /^(ssh-|ecdsa-|sk-)/.test(publicType) ? publicType : null);
  if (type?.includes('-cert-v01@openssh.com') || file.endsWith('-cert.pub')) {
    throw unsupportedConfig(type ?? 'SSH certificate', file, 'SSH certificates are not supported; use a plain private key');
  }
  if (type?.startsWith('sk-')) throw unsupportedConfig(type, file, 'security-key (FIDO, sk-) keys are not supported; use an ed25519, ecdsa or rsa key');
  if (publicType && !openSshPrivateKeyType(text) && /^(ssh-|ecdsa-)/.test(publicType)) {
    throw new SshError('identity-unreadable', `${file} is a public key; give the private key file (without .pub).`);
  }
}

/** Reads a key file the admin named with --identity; missing, unreadable or unusable is `identity-unreadable` / `unsupported-ssh-config` (exit 2). */
export async function checkNamedIdentity(file: string): Promise<void> {
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_KEY_FILE_BYTES) throw new Error(`${info.size} bytes is far too large for a key`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SshError('identity-unreadable', `Cannot read the identity file ${file}: ${(error as Error).message}. Nothing was contacted.`);
  }
  checkKeyKind(file, text);
}

/**
 * Which identity files to offer: every configured one that exists (a configured key of a kind we
 * cannot use is refused by name), else OpenSSH's defaults that exist (one we cannot use is left out,
 * with a note). A `-cert.pub` beside a key is reported: its certificate is not offered.
 */
export async function collectIdentityFiles(configured: readonly string[], home: string, notes: string[]): Promise<string[]> {
  const chosen: string[] = [];
  const candidates = configured.length > 0 ? configured.map((file) => ({ file, configured: true })) : DEFAULT_IDENTITY_NAMES.map((name) => ({ file: path.join(home, '.ssh', name), configured: false }));
  for (const { file, configured: isConfigured } of candidates) {
    let text: string;
    try {
      await access(file, constants.R_OK);
      text = await readFile(file, 'utf8');
    } catch {
      if (isConfigured) notes.push(`IdentityFile ${file} does not exist or cannot be read; it is skipped (as OpenSSH does).`);
      continue;
    }
    try {
      checkKeyKind(file, text);
    } catch (error) {
      if (isConfigured) throw error;
      notes.push(`${file} is skipped: ${(error as Error).message}`);
      continue;
    }
    if (await access(`${file}-cert.pub`).then(() => true, () => false)) {
      notes.push(`${file}-cert.pub is an SSH certificate, which is not supported (unsupported-ssh-config): only the plain key ${file} is offered.`);
    }
    chosen.push(file);
  }
  return chosen;
}

import { createHash } from 'node:crypto';

/** `SHA256:` + unpadded base64 of the key blob's SHA-256, as `ssh-keygen -lf` and OpenSSH's prompt print it. */
export function sha256Fingerprint(blob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`, …), or null when malformed. */
export function keyTypeOfBlob(blob: Uint8Array): string | null {
  if (blob.length < 4) return null;
  const length = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength).readUInt32BE(0);
  if (length === 0 || 4 + length > blob.length) return null;
  return Buffer.from(blob.subarray(4, 4 + length)).toString('latin1');
}

/** Accepts `SHA256:abc…` with or without base64 padding; null when it is not that form. */
export function normalizeFingerprint(text: string): string | null {
  const match = /^SHA256:([A-Za-z0-9+/]{43})=?$/.exec(text.trim());
  return match ? `SHA256:${match[1]}` : null;
}

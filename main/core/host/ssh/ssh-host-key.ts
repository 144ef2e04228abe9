import { createHash } from 'node:crypto';
import type { HostKeyOffer, SshEndpoint } from './ssh-types';

/** `SHA256:` + unpadded base64 of the key blob's SHA-256, exactly as `ssh-keygen -lf` prints it. */
export function sha256Fingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type is the blob's first SSH string (uint32 length, then the name). */
export function keyTypeOf(keyBlob: Uint8Array): string {
  const buffer = Buffer.from(keyBlob);
  if (buffer.length < 4) return 'unknown';
  const length = buffer.readUInt32BE(0);
  if (length > 64 || buffer.length < 4 + length) return 'unknown';
  return buffer.subarray(4, 4 + length).toString('latin1');
}

export function hostKeyOffer(endpoint: SshEndpoint, keyBlob: Uint8Array): HostKeyOffer {
  return {
    endpoint,
    keyType: keyTypeOf(keyBlob),
    key: new Uint8Array(keyBlob),
    fingerprint: sha256Fingerprint(keyBlob),
  };
}

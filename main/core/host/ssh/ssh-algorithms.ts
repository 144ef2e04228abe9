import crypto from 'node:crypto';
import type { Algorithms } from 'ssh2';

/** SSH cipher name → the OpenSSL cipher it needs. */
const CIPHERS: ReadonlyArray<readonly [string, string]> = [
  ['aes128-gcm@openssh.com', 'aes-128-gcm'],
  ['aes256-gcm@openssh.com', 'aes-256-gcm'],
  ['aes128-ctr', 'aes-128-ctr'],
  ['aes192-ctr', 'aes-192-ctr'],
  ['aes256-ctr', 'aes-256-ctr'],
  ['chacha20-poly1305@openssh.com', 'chacha20'],
];

/** ECDH key exchanges → the curve they need; the rest need only X25519 or modular DH. */
const ECDH_KEX: ReadonlyArray<readonly [string, string]> = [
  ['ecdh-sha2-nistp256', 'prime256v1'],
  ['ecdh-sha2-nistp384', 'secp384r1'],
  ['ecdh-sha2-nistp521', 'secp521r1'],
];

const MODP_KEX = [
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group18-sha512',
];

/**
 * The ciphers and key exchanges this process's crypto can actually do, asked at connect time:
 * Electron's BoringSSL lacks chacha20-poly1305 although ssh2 would otherwise offer it, and a
 * negotiated cipher we cannot run fails only after the handshake.
 */
export function supportedSshAlgorithms(): Algorithms {
  const ciphers = new Set(crypto.getCiphers());
  const curves = new Set(crypto.getCurves());
  const cipher = CIPHERS.filter(([, sslName]) => ciphers.has(sslName)).map(([name]) => name);
  const kex = [
    ...(supportsX25519() ? ['curve25519-sha256', 'curve25519-sha256@libssh.org'] : []),
    ...ECDH_KEX.filter(([, curve]) => curves.has(curve)).map(([name]) => name),
    ...MODP_KEX,
  ];
  return { cipher, kex } as Algorithms;
}

function supportsX25519(): boolean {
  try {
    crypto.generateKeyPairSync('x25519');
    return true;
  } catch {
    return false;
  }
}

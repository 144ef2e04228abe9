import path from 'node:path';
import { runTool } from './ssh-tools';

export interface TestKey {
  /** Private key file. */
  file: string;
  publicKey: string;
  fingerprint: string;
}

/** A key pair made with ssh-keygen at test time; `passphrase` encrypts the private key. */
export async function makeKey(folder: string, name: string, type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519', passphrase = ''): Promise<TestKey> {
  const file = path.join(folder, name);
  const bits = type === 'rsa' ? ['-b', '2048'] : [];
  await runTool('/usr/bin/ssh-keygen', ['-q', '-t', type, ...bits, '-N', passphrase, '-C', name, '-f', file]);
  const publicKey = (await runTool('/bin/cat', [`${file}.pub`])).trim();
  return { file, publicKey, fingerprint: await fingerprintOf(`${file}.pub`) };
}

export async function fingerprintOf(publicKeyFile: string): Promise<string> {
  const line = await runTool('/usr/bin/ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKeyFile]);
  return line.split(' ')[1]!;
}

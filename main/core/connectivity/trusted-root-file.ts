import { X509Certificate } from 'node:crypto';
import { CA_FILE_MAX_BYTES, CoreError, readUserFile } from '../shared';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM file of roots the admin trusts for one run (`--ca`, or the app's CA picker). It is a
 * file on this machine, not on the Bitwarden host, so it is read directly. An unreadable file or one
 * without a parseable certificate is unusable input (`invalid-ca`).
 */
export async function readTrustedRootFile(file: string, label = 'certificate file'): Promise<string> {
  const pem = new TextDecoder().decode(await readUserFile(file, label, CA_FILE_MAX_BYTES, { code: 'invalid-ca' }));
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new CoreError('invalid-ca', `${file} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`, 'unusable-input');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      throw new CoreError('invalid-ca', `${file} holds a certificate that cannot be parsed.`, 'unusable-input');
    }
  }
  return `${blocks.join('\n')}\n`;
}

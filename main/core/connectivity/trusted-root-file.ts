import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CoreError } from '../shared';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads a PEM file of roots the admin trusts for one run (`--ca`, or the app's CA picker). It is a
 * file on this machine, not on the Bitwarden host, so it is read directly. An unreadable file or one
 * without a parseable certificate is unusable input (`invalid-ca`).
 */
export async function readTrustedRootFile(file: string, label = 'certificate file'): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new CoreError('invalid-ca', `Cannot read the ${label} ${file} (${reason}).`, 'unusable-input');
  }
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

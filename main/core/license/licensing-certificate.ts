/** The licensing certificate an admin supplies to check a license's authenticity (`.cer` DER or PEM). */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT } from './license-codes';

export interface LicensingCertificateInfo {
  /** Upper-case hex SHA-1 of the DER certificate, as Windows and .NET show thumbprints. */
  thumbprintSha1: string;
  isBitwardenProduction: boolean;
  /** Subject as `CN=…, O=…`. */
  subject: string;
}

export type LoadedCertificate =
  | { ok: true; info: LicensingCertificateInfo; publicKey: KeyObject }
  | { ok: false; reason: string };

export function loadLicensingCertificate(bytes: Uint8Array): LoadedCertificate {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    return { ok: false, reason: `it is not an X.509 certificate in DER or PEM form (${error instanceof Error ? error.message : String(error)})` };
  }
  const thumbprintSha1 = certificate.fingerprint.replace(/:/g, '').toUpperCase();
  const info: LicensingCertificateInfo = {
    thumbprintSha1,
    isBitwardenProduction: thumbprintSha1 === BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT,
    subject: certificate.subject.split('\n').filter(Boolean).join(', '),
  };
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    return { ok: false, reason: `its key is ${certificate.publicKey.asymmetricKeyType ?? 'unknown'}, but licenses are signed with RSA` };
  }
  return { ok: true, info, publicKey: certificate.publicKey };
}

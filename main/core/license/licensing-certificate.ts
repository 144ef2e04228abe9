/**
 * The licensing certificate that proves a license genuine: Bitwarden's production certificate, bundled
 * (Bitwarden's server embeds the same one, src/Core/licensing.cer, in LicensingService), or one the admin
 * supplies instead (`--cert`, or a file chosen in the app).
 */
import { X509Certificate, type KeyObject } from 'node:crypto';
import { BITWARDEN_LICENSING_PEM } from './bitwarden-licensing-pem';
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

/** The bundled certificate's text (assets/bitwarden-licensing.pem, compiled in). */
export function bundledLicensingCertificatePem(): string {
  return BITWARDEN_LICENSING_PEM;
}

let bundled: Extract<LoadedCertificate, { ok: true }> | undefined;

/**
 * Bitwarden's production licensing certificate as compiled into this build, checked against its known
 * SHA-1 thumbprint on first use: a damaged or swapped copy must never verify anything.
 */
export function bundledLicensingCertificate(): Extract<LoadedCertificate, { ok: true }> {
  if (bundled) return bundled;
  const loaded = loadLicensingCertificate(new TextEncoder().encode(BITWARDEN_LICENSING_PEM));
  if (!loaded.ok) throw new Error(`The bundled licensing certificate cannot be loaded: ${loaded.reason}.`);
  if (loaded.info.thumbprintSha1 !== BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT) {
    throw new Error(
      `The bundled licensing certificate has thumbprint ${loaded.info.thumbprintSha1}, not Bitwarden's ${BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT}: this build is damaged.`,
    );
  }
  bundled = loaded;
  return bundled;
}

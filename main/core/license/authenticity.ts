/**
 * One phrase on whether a license is genuine (after "Authenticity: "), for the CLI report and the License screen alike.
 * Type-only imports: the renderer bundles this file.
 */
import type { LicenseInspection } from './inspect-license';

export interface LicenseAuthenticity {
  verified: boolean;
  /** Verified with Bitwarden's own licensing certificate (not a substitute one). */
  byBitwarden: boolean;
  text: string;
}

export function licenseAuthenticity(inspection: Pick<LicenseInspection, 'checks' | 'certificate'>): LicenseAuthenticity {
  const { checks, certificate } = inspection;
  const what = checks.token !== 'absent' ? 'token' : 'signature';
  if (checks.token === 'absent' && checks.signature === 'absent') {
    return { verified: false, byBitwarden: false, text: 'not verified: the file carries neither a token nor a signature, so nothing proves it genuine.' };
  }
  if (!certificate) {
    return { verified: false, byBitwarden: false, text: `not verified: the ${what} was not checked (no usable licensing certificate).` };
  }
  const name = certificate.isBitwardenProduction
    ? `Bitwarden's licensing certificate (thumbprint ${certificate.thumbprintSha1})`
    : `the licensing certificate ${certificate.thumbprintSha1} (${certificate.subject}), which is NOT Bitwarden's`;
  const verified = checks.token === 'valid' || (checks.token === 'absent' && checks.signature === 'valid');
  if (verified) return { verified, byBitwarden: certificate.isBitwardenProduction, text: `verified with ${name}.` };
  const status = what === 'token' ? checks.token : checks.signature;
  if (status === 'not-checked') return { verified: false, byBitwarden: false, text: `not verified: the ${what} was not checked.` };
  return { verified: false, byBitwarden: false, text: `NOT genuine: the ${what} does not verify with ${name}.` };
}

import type { Problem } from '../shared/problem';

/** Codes of findings that make a license file unusable for this installation (public contract). */
export const LICENSE_PROBLEM_CODES = [
  'not-json',
  'trailing-data',
  'too-large',
  'missing-field',
  'invalid-field',
  'unsupported-version',
  'hash-mismatch',
  'token-invalid',
  'token-mismatch',
  'signature-invalid',
  'installation-mismatch',
  'not-self-host',
  'disabled',
  'not-organization',
  'not-yet-valid',
  'expired',
  'cannot-sponsor',
] as const;

/** Codes of findings the admin should know about that do not stop the license from being used. */
export const LICENSE_WARNING_CODES = [
  'hash-mismatch',
  'not-verified',
  'clock-skew',
  'expires-soon',
  'grace-period',
  'claim-unreadable',
] as const;

export type LicenseProblemCode = (typeof LICENSE_PROBLEM_CODES)[number];
export type LicenseWarningCode = (typeof LICENSE_WARNING_CODES)[number];
export type LicenseProblem = Problem<LicenseProblemCode>;
export type LicenseWarning = Problem<LicenseWarningCode>;

/** The name the web vault gives a downloaded organization license. */
export const webVaultLicenseFileName = 'bitwarden_organization_license.json';

import { SERVER_UPLOAD_REQUEST_LIMIT_BYTES } from './license-limits';

export { LICENSE_FILE_READ_MAX_BYTES, SERVER_UPLOAD_REQUEST_LIMIT_BYTES } from './license-limits';

/** RFC 2046 caps a multipart boundary at 70 characters; real clients use 30–45. */
const MAX_MULTIPART_BOUNDARY_LENGTH = 70;

/**
 * Bytes a `multipart/form-data` body adds around the file in the upload request (field `license`):
 * opening boundary line, part headers, blank line, CRLF before the closing boundary, closing boundary.
 * `Content-Length` counts the body only, so HTTP headers do not count against the limit.
 */
export function multipartEnvelopeBytes(
  fileName: string = webVaultLicenseFileName,
  boundaryLength: number = MAX_MULTIPART_BOUNDARY_LENGTH,
  contentType = 'application/json',
): number {
  const boundary = '-'.repeat(boundaryLength);
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="license"; filename="${fileName}"\r\n` +
    `Content-Type: ${contentType}\r\n` +
    '\r\n';
  const tail = `\r\n--${boundary}--\r\n`;
  return Buffer.byteLength(head + tail, 'utf8');
}

/**
 * The largest license file that still fits in one upload: 51,200 bytes minus the envelope for the
 * longest boundary RFC 2046 allows and the web vault's file name (282 bytes), so the check holds for any
 * conforming client that names the file `bitwarden_organization_license.json`. Real licenses are 2–5 KB.
 */
export const LICENSE_UPLOAD_MAX_BYTES = SERVER_UPLOAD_REQUEST_LIMIT_BYTES - multipartEnvelopeBytes();

/** SHA-1 thumbprint of Bitwarden's production licensing certificate (`src/Core/licensing.cer`). */
export const BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT = 'B34876439FCDA2846505B2EFBBA6C4A951313EBE';

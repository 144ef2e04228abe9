/**
 * What every inspection rule reads: the parsed file, the token and what the server will apply from it,
 * the certificate that judges authenticity, and the clock.
 */
import type { LicenseDate } from './dotnet-date';
import type { LicenseProblem, LicenseWarning } from './license-codes';
import { isSupportedLicenseVersion } from './license-data';
import type { LicenseValue, LicenseValues } from './license-fields';
import { appliedClaimValues, decodeLicenseToken, licenseValuesFromClaims, type DecodedLicenseToken, type TokenClaimValues } from './license-token';
import { bundledLicensingCertificate, loadLicensingCertificate, type LoadedCertificate } from './licensing-certificate';
import type { ParsedLicense } from './parse-license';

export interface InspectionChecks {
  /** `not-checked`: the version is unsupported or the file unreadable, so there is no defined hash. */
  hash: 'match' | 'mismatch' | 'absent' | 'not-checked';
  /** `valid` = signed by the licensing certificate, right issuer and audience (dates are reported separately). */
  token: 'valid' | 'invalid' | 'not-checked' | 'absent';
  /** The RSA signature is what the server checks only for token-less files; with a token it is `not-checked`. */
  signature: 'valid' | 'invalid' | 'not-checked' | 'absent';
}

/** What one rule found. */
export interface Findings {
  problems?: LicenseProblem[];
  warnings?: LicenseWarning[];
  checks?: Partial<InspectionChecks>;
}

export interface InspectionContext {
  license: ParsedLicense;
  /** The file's own values. */
  file: LicenseValues;
  /** What the server will apply: the file, overwritten by the token's claims when a token is readable. */
  effective: LicenseValues;
  /** The non-empty `Token` text, if any. */
  tokenText: string | null;
  token: { ok: true; decoded: DecodedLicenseToken; claims: TokenClaimValues } | { ok: false; reason: string } | null;
  versionSupported: boolean;
  /** The certificate that judges authenticity: the one supplied, else the bundled Bitwarden one. */
  certificate: LoadedCertificate;
  installationId?: string;
  now: Date;
  clockOffsetMs?: number;
}

export interface ContextOptions {
  installationId?: string;
  certificate?: Uint8Array;
  now?: Date;
  clockOffsetMs?: number;
}

function readToken(file: LicenseValues): Pick<InspectionContext, 'tokenText' | 'token'> {
  const tokenText = typeof file.Token === 'string' && file.Token.trim() !== '' ? file.Token : null;
  if (!tokenText) return { tokenText, token: null };
  const decoded = decodeLicenseToken(tokenText);
  if (!decoded.ok) return { tokenText, token: decoded };
  return { tokenText, token: { ok: true, decoded: decoded.token, claims: licenseValuesFromClaims(decoded.token.payload) } };
}

export function inspectionContext(license: ParsedLicense, options: ContextOptions): InspectionContext {
  const file = license.values;
  const { tokenText, token } = readToken(file);
  const effective = token?.ok ? { ...file, ...appliedClaimValues(token.claims) } : file;
  const now = options.now instanceof Date && Number.isFinite(options.now.getTime()) ? options.now : new Date();
  return {
    license,
    file,
    effective,
    tokenText,
    token,
    versionSupported: isSupportedLicenseVersion(file.Version),
    certificate: options.certificate instanceof Uint8Array ? loadLicensingCertificate(options.certificate) : bundledLicensingCertificate(),
    installationId: options.installationId,
    now,
    clockOffsetMs: options.clockOffsetMs,
  };
}

export const DOWNLOAD_AGAIN =
  "Download the license again in the Bitwarden web vault (organization › Billing › Subscription › Download license) with this installation's ID.";

export function isDate(value: LicenseValue | undefined): value is LicenseDate {
  return typeof value === 'object' && value !== null;
}
export function asString(value: LicenseValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
export function asNumber(value: LicenseValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
export function display(value: LicenseValue | undefined): string {
  if (value === undefined || value === null) return '(empty)';
  if (isDate(value)) return value.iso;
  return JSON.stringify(value);
}

/** Names a certificate in messages: Bitwarden's by name, any other by thumbprint. */
export function certificateName(certificate: Extract<LoadedCertificate, { ok: true }>): string {
  return certificate.info.isBitwardenProduction
    ? `Bitwarden's licensing certificate (${certificate.info.thumbprintSha1})`
    : `the certificate ${certificate.info.thumbprintSha1}`;
}

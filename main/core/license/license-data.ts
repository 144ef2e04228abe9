/**
 * The text Bitwarden hashes and signs for an organization license (`OrganizationLicense.GetDataBytes`):
 * `license:organization|Name:Value|…` over the version-gated properties, sorted by .NET's culture-aware
 * string comparer and formatted by `CoreHelpers.FormatLicenseSignatureValue`.
 */
import { createHash } from 'node:crypto';
import { CoreError } from '../shared/problem';
import { toEpochSecondsDotNet, type LicenseDate } from './dotnet-date';
import { LICENSE_FIELDS, type LicenseFieldSpec, type LicenseValue, type LicenseValues } from './license-fields';
import { formatPlanTypeForLicenseData } from './plan-types';

export const MIN_LICENSE_VERSION = 1;
export const MAX_LICENSE_VERSION = 16;

export function isSupportedLicenseVersion(version: unknown): version is number {
  return typeof version === 'number' && Number.isInteger(version) && version >= MIN_LICENSE_VERSION && version <= MAX_LICENSE_VERSION;
}

/**
 * `OrderBy(p => p.Name)` uses the current culture (ICU in Bitwarden's containers). For ASCII letters and
 * digits ICU compares case-insensitively first and puts lower case first on a tie, which is what this does;
 * it is NOT ordinal order (ordinal puts `UseScim` before `UsersGetPremium`).
 */
export function compareLikeDotNetCulture(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  if (a === b) return 0;
  return a > b ? -1 : 1; // lower case (larger code unit) first
}

function isLicenseDate(value: LicenseValue): value is LicenseDate {
  return typeof value === 'object' && value !== null;
}

export function formatLicenseDataValue(spec: LicenseFieldSpec, value: LicenseValue): string {
  if (value === null) return '';
  if (isLicenseDate(value)) return String(toEpochSecondsDotNet(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (spec.kind === 'plan-type' && typeof value === 'number') return formatPlanTypeForLicenseData(value);
  return String(value); // GUIDs are stored lower-case with dashes, like Guid.ToString()
}

/**
 * The data string for the hash (`forHash: true`: without Hash, Issued, Refresh) or for the RSA signature
 * (`forHash: false`). Throws CoreError `unsupported-version` outside versions 1–16, like the server's
 * NotSupportedException.
 */
export function licenseDataString(license: { values: LicenseValues }, options: { forHash: boolean }): string {
  const version = license.values.Version;
  if (!isSupportedLicenseVersion(version)) {
    throw new CoreError('unsupported-version', `Version ${String(version)} is not supported.`, 'unusable-input');
  }
  const entries = LICENSE_FIELDS.filter(
    (spec) =>
      spec.inDataFromVersion !== undefined &&
      version >= spec.inDataFromVersion &&
      !(options.forHash && spec.signatureOnly),
  )
    .map((spec) => ({ name: spec.name, text: formatLicenseDataValue(spec, license.values[spec.name] ?? null) }))
    .sort((a, b) => compareLikeDotNetCulture(a.name, b.name))
    .map((entry) => `${entry.name}:${entry.text}`);
  return `license:organization|${entries.join('|')}`;
}

/** base64(SHA-256(UTF-8 hash data)), the value the `Hash` property must hold. */
export function computeLicenseHash(license: { values: LicenseValues }): string {
  return createHash('sha256').update(licenseDataString(license, { forHash: true }), 'utf8').digest('base64');
}

export {
  BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT,
  LICENSE_FILE_READ_MAX_BYTES,
  LICENSE_PROBLEM_CODES,
  LICENSE_UPLOAD_MAX_BYTES,
  LICENSE_WARNING_CODES,
  SERVER_UPLOAD_REQUEST_LIMIT_BYTES,
  multipartEnvelopeBytes,
  webVaultLicenseFileName,
} from './license-codes';
export type { LicenseProblem, LicenseProblemCode, LicenseWarning, LicenseWarningCode } from './license-codes';
export { compareLikeDotNetCulture, computeLicenseHash, isSupportedLicenseVersion, licenseDataString } from './license-data';
export { LICENSE_FIELDS, camelCaseKey } from './license-fields';
export type { LicenseFieldKind, LicenseFieldSpec, LicenseValue, LicenseValues } from './license-fields';
export { formatInvariant, formatIso, fromJsDate, parseIsoDate, toEpochSecondsDotNet } from './dotnet-date';
export type { LicenseDate } from './dotnet-date';
export { parseLicense } from './parse-license';
export type { ParsedLicense, ParseLicenseResult } from './parse-license';
export { inspectLicense } from './inspect-license';
export type { InspectLicenseOptions, LicenseInspection, LicenseSummary } from './inspect-license';
export type { InspectionChecks } from './inspection-context';
export { formatInspectionText } from './format-inspection';
export { licenseAuthenticity } from './authenticity';
export type { LicenseAuthenticity } from './authenticity';
export { bundledLicensingCertificate, bundledLicensingCertificatePem, loadLicensingCertificate } from './licensing-certificate';
export { TOKEN_ONLY_FIELDS } from './license-token';
export type { LicensingCertificateInfo } from './licensing-certificate';
export { SPONSOR_CAPABLE_PLAN_TYPES, canSponsorFamilies, planTypeName } from './plan-types';

export {
  BITWARDEN_PRODUCTION_LICENSING_THUMBPRINT,
  LICENSE_PROBLEM_CODES,
  LICENSE_UPLOAD_MAX_BYTES,
  LICENSE_WARNING_CODES,
  SERVER_UPLOAD_REQUEST_LIMIT_BYTES,
  multipartEnvelopeBytes,
  webVaultLicenseFileName,
} from './license-codes';
export type { LicenseProblem, LicenseProblemCode, LicenseWarning, LicenseWarningCode } from './license-codes';
export { compareLikeDotNetCulture, computeLicenseHash, licenseDataString } from './license-data';
export { parseLicense } from './parse-license';
export type { ParsedLicense, ParseLicenseResult } from './parse-license';
export { SPONSOR_CAPABLE_PLAN_TYPES, canSponsorFamilies, planTypeName } from './plan-types';

/**
 * The properties of Bitwarden's `OrganizationLicense` (src/Core/Billing/Organizations/Models/
 * OrganizationLicense.cs) in declaration order, with their .NET types and the license version from which
 * each enters the hash/signature data (`GetDataBytes`).
 */
import { DOTNET_MIN_DATE, type LicenseDate } from './dotnet-date';

export type LicenseFieldKind =
  | 'string'
  | 'guid'
  | 'bool'
  | 'int'
  | 'nullable-int'
  | 'nullable-short'
  | 'plan-type'
  | 'nullable-license-type'
  | 'date'
  | 'nullable-date';

export interface LicenseFieldSpec {
  name: string;
  kind: LicenseFieldKind;
  /** First `Version` whose data string includes the field; absent = never included. */
  inDataFromVersion?: number;
  /** Included in the signature data (forHash: false) but not in the hash data: Hash, Issued, Refresh. */
  signatureOnly?: boolean;
}

const always = 1;

export const LICENSE_FIELDS: readonly LicenseFieldSpec[] = [
  { name: 'LicenseKey', kind: 'string', inDataFromVersion: always },
  { name: 'InstallationId', kind: 'guid', inDataFromVersion: always },
  { name: 'Id', kind: 'guid', inDataFromVersion: always },
  { name: 'Name', kind: 'string', inDataFromVersion: always },
  { name: 'BillingEmail', kind: 'string', inDataFromVersion: always },
  { name: 'BusinessName', kind: 'string', inDataFromVersion: always },
  { name: 'Enabled', kind: 'bool', inDataFromVersion: always },
  { name: 'Plan', kind: 'string', inDataFromVersion: always },
  { name: 'PlanType', kind: 'plan-type', inDataFromVersion: always },
  { name: 'Seats', kind: 'nullable-int', inDataFromVersion: always },
  { name: 'MaxCollections', kind: 'nullable-short', inDataFromVersion: always },
  { name: 'UsePolicies', kind: 'bool', inDataFromVersion: 6 },
  { name: 'UseSso', kind: 'bool', inDataFromVersion: 7 },
  { name: 'UseKeyConnector', kind: 'bool', inDataFromVersion: 9 },
  { name: 'UseScim', kind: 'bool', inDataFromVersion: 10 },
  { name: 'UseGroups', kind: 'bool', inDataFromVersion: always },
  { name: 'UseEvents', kind: 'bool', inDataFromVersion: 3 },
  { name: 'UseDirectory', kind: 'bool', inDataFromVersion: always },
  { name: 'UseTotp', kind: 'bool', inDataFromVersion: always },
  { name: 'Use2fa', kind: 'bool', inDataFromVersion: 4 },
  { name: 'UseApi', kind: 'bool', inDataFromVersion: 5 },
  { name: 'UseResetPassword', kind: 'bool', inDataFromVersion: 8 },
  { name: 'MaxStorageGb', kind: 'nullable-short', inDataFromVersion: always },
  { name: 'SelfHost', kind: 'bool', inDataFromVersion: always },
  { name: 'UsersGetPremium', kind: 'bool', inDataFromVersion: 2 },
  { name: 'UseCustomPermissions', kind: 'bool', inDataFromVersion: 11 },
  { name: 'Version', kind: 'int', inDataFromVersion: always },
  { name: 'Issued', kind: 'date', inDataFromVersion: always, signatureOnly: true },
  { name: 'Refresh', kind: 'nullable-date', inDataFromVersion: always, signatureOnly: true },
  { name: 'Expires', kind: 'nullable-date', inDataFromVersion: always },
  { name: 'ExpirationWithoutGracePeriod', kind: 'nullable-date', inDataFromVersion: 12 },
  { name: 'UsePasswordManager', kind: 'bool', inDataFromVersion: 13 },
  { name: 'UseSecretsManager', kind: 'bool', inDataFromVersion: 13 },
  { name: 'SmSeats', kind: 'nullable-int', inDataFromVersion: 13 },
  { name: 'SmServiceAccounts', kind: 'nullable-int', inDataFromVersion: 13 },
  // Added after the data format froze: always excluded from the hash and signature data.
  { name: 'UseRiskInsights', kind: 'bool' },
  { name: 'UsePhishingBlocker', kind: 'bool' },
  { name: 'LimitCollectionCreationDeletion', kind: 'bool', inDataFromVersion: 14 },
  { name: 'AllowAdminAccessToAllCollectionItems', kind: 'bool', inDataFromVersion: 15 },
  { name: 'Trial', kind: 'bool', inDataFromVersion: always },
  { name: 'LicenseType', kind: 'nullable-license-type' },
  // UseOrganizationDomains has a version-16 gate in GetDataBytes, but is also on the always-excluded list.
  { name: 'UseOrganizationDomains', kind: 'bool' },
  { name: 'UseAdminSponsoredFamilies', kind: 'bool' },
  { name: 'UseAutomaticUserConfirmation', kind: 'bool' },
  { name: 'UseDisableSmAdsForUsers', kind: 'bool' },
  { name: 'UseMyItems', kind: 'bool' },
  { name: 'UseInviteLinks', kind: 'bool' },
  { name: 'UsePam', kind: 'bool' },
  { name: 'Hash', kind: 'string', inDataFromVersion: always, signatureOnly: true },
  { name: 'Signature', kind: 'string' },
  { name: 'Token', kind: 'string' },
];

export type LicenseValue = string | number | boolean | LicenseDate | null;

/** Field values by PascalCase property name, already converted to their .NET meaning. */
export type LicenseValues = Record<string, LicenseValue>;

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';

/** Value .NET leaves in a property the JSON omits (property initialisers, else `default(T)`). */
export function defaultValue(spec: LicenseFieldSpec): LicenseValue {
  if (spec.name === 'LimitCollectionCreationDeletion' || spec.name === 'AllowAdminAccessToAllCollectionItems') {
    return true;
  }
  switch (spec.kind) {
    case 'bool':
      return false;
    case 'guid':
      return EMPTY_GUID;
    case 'int':
    case 'plan-type':
      return 0;
    case 'date':
      return DOTNET_MIN_DATE;
    default:
      return null;
  }
}

export function fieldSpec(name: string): LicenseFieldSpec | undefined {
  return LICENSE_FIELDS.find((field) => field.name === name);
}

/** The camelCase key ASP.NET writes for a property (first letter lower-cased; no leading acronyms here). */
export function camelCaseKey(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

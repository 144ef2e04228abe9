/**
 * Offline inspection of an organization license file before it is uploaded: would this self-hosted
 * installation accept it, is it genuine (checked with Bitwarden's licensing certificate, built in), and can
 * the organization sponsor Families plans. Each rule returns its findings; `inspect` runs them in order.
 * Never throws, whatever the bytes.
 */
import { certificateRule, hashRule, signatureRule, tokenRule } from './authenticity-rules';
import { datesRule } from './date-rules';
import { asNumber, asString, DOWNLOAD_AGAIN, inspectionContext, isDate, type Findings, type InspectionChecks, type InspectionContext } from './inspection-context';
import { LICENSE_UPLOAD_MAX_BYTES, type LicenseProblem, type LicenseWarning } from './license-codes';
import { EMPTY_GUID, type LicenseValue, type LicenseValues } from './license-fields';
import { fieldsRule, installationRule, planRule } from './license-rules';
import type { LicensingCertificateInfo } from './licensing-certificate';
import { parseLicense, type ParsedLicense } from './parse-license';
import { canSponsorFamilies, planTypeName } from './plan-types';

export interface InspectLicenseOptions {
  /** This installation's ID (`globalSettings__installation__id` in bwdata/env/global.override.env). */
  installationId?: string;
  /** A licensing certificate (`.cer`, DER or PEM) to use instead of Bitwarden's, which is built in. */
  certificate?: Uint8Array;
  /** The clock to judge dates by; defaults to the local clock. */
  now?: Date;
  /**
   * Known difference between the local clock and a trusted one (local minus trusted, in ms), e.g. from the
   * `Date` header of a Bitwarden cloud response. More than 5 minutes either way raises `clock-skew`.
   */
  clockOffsetMs?: number;
}

export interface LicenseSummary {
  organizationName: string | null;
  /** The organization's ID in Bitwarden's cloud (the file's `Id`); the self-hosted copy gets a new ID. */
  cloudOrganizationId: string;
  plan: string | null;
  planType: number;
  planTypeName: string;
  canSponsorFamilies: boolean;
  seats: number | null;
  issued: string;
  expires: string | null;
  refresh: string | null;
  expirationWithoutGracePeriod: string | null;
  installationId: string;
  version: number;
  selfHost: boolean;
  enabled: boolean;
  trial: boolean;
  billingEmail: string | null;
  features: {
    useAdminSponsoredFamilies: boolean;
    usersGetPremium: boolean;
    usePolicies: boolean;
    useSso: boolean;
    useScim: boolean;
    useGroups: boolean;
    useApi: boolean;
    useResetPassword: boolean;
    useOrganizationDomains: boolean;
    /** The six below exist only in the token (the cloud writes `false` into the file); the server applies the token's. */
    useAutomaticUserConfirmation: boolean;
    useDisableSmAdsForUsers: boolean;
    usePhishingBlocker: boolean;
    useMyItems: boolean;
    useInviteLinks: boolean;
    usePam: boolean;
  };
  /** Where the values above come from: the server trusts the token's claims over the JSON when a token exists. */
  valuesFrom: 'token' | 'file';
  /** Key style: `camel` for a cloud download, `pascal` for a file the server saved. */
  fileCasing: ParsedLicense['casing'];
}

export interface LicenseInspection {
  /** True when there are no problems (warnings allowed). */
  usable: boolean;
  problems: LicenseProblem[];
  warnings: LicenseWarning[];
  license: LicenseSummary | null;
  checks: InspectionChecks;

  certificate?: LicensingCertificateInfo;
}

function asIso(value: LicenseValue | undefined): string | null {
  return isDate(value) ? value.iso : null;
}

function summarize(values: LicenseValues, parsed: ParsedLicense, fromToken: boolean): LicenseSummary {
  const bool = (name: string) => values[name] === true;
  const planType = asNumber(values.PlanType) ?? 0;
  return {
    organizationName: asString(values.Name),
    cloudOrganizationId: asString(values.Id) ?? EMPTY_GUID,
    plan: asString(values.Plan),
    planType,
    planTypeName: planTypeName(planType),
    canSponsorFamilies: canSponsorFamilies(planType),
    seats: asNumber(values.Seats),
    issued: asIso(values.Issued) ?? '',
    expires: asIso(values.Expires),
    refresh: asIso(values.Refresh),
    expirationWithoutGracePeriod: asIso(values.ExpirationWithoutGracePeriod),
    installationId: asString(values.InstallationId) ?? EMPTY_GUID,
    version: asNumber(values.Version) ?? 0,
    selfHost: bool('SelfHost'),
    enabled: bool('Enabled'),
    trial: bool('Trial'),
    billingEmail: asString(values.BillingEmail),
    features: {
      useAdminSponsoredFamilies: bool('UseAdminSponsoredFamilies'),
      usersGetPremium: bool('UsersGetPremium'),
      usePolicies: bool('UsePolicies'),
      useSso: bool('UseSso'),
      useScim: bool('UseScim'),
      useGroups: bool('UseGroups'),
      useApi: bool('UseApi'),
      useResetPassword: bool('UseResetPassword'),
      useOrganizationDomains: bool('UseOrganizationDomains'),
      useAutomaticUserConfirmation: bool('UseAutomaticUserConfirmation'),
      useDisableSmAdsForUsers: bool('UseDisableSmAdsForUsers'),
      usePhishingBlocker: bool('UsePhishingBlocker'),
      useMyItems: bool('UseMyItems'),
      useInviteLinks: bool('UseInviteLinks'),
      usePam: bool('UsePam'),
    },
    valuesFrom: fromToken ? 'token' : 'file',
    fileCasing: parsed.casing,
  };
}

/** The rules, in the order their findings are reported. */
const RULES: ReadonlyArray<(context: InspectionContext) => Findings> = [
  fieldsRule,
  tokenRule,
  hashRule,
  signatureRule,
  certificateRule,
  installationRule,
  datesRule,
  planRule,
];

function tooLarge(bytes: Uint8Array): LicenseProblem[] {
  if (bytes.byteLength <= LICENSE_UPLOAD_MAX_BYTES) return [];
  return [
    {
      code: 'too-large',
      message: `The file is ${bytes.byteLength} bytes; the server accepts uploads of at most 51,200 bytes including the form envelope, so a license file may have at most ${LICENSE_UPLOAD_MAX_BYTES} bytes. Real licenses are a few KB: this is not a plain license file. ${DOWNLOAD_AGAIN}`,
    },
  ];
}

function inspect(bytes: Uint8Array, options: InspectLicenseOptions): LicenseInspection {
  const parsed = parseLicense(bytes);
  const problems: LicenseProblem[] = [...tooLarge(bytes), ...parsed.problems];
  const warnings: LicenseWarning[] = [];
  const checks: InspectionChecks = { hash: 'not-checked', token: 'absent', signature: 'absent' };
  if (!parsed.license) return { usable: false, problems, warnings, license: null, checks };
  const context = inspectionContext(parsed.license, options);
  for (const rule of RULES) {
    const found = rule(context);
    problems.push(...(found.problems ?? []));
    warnings.push(...(found.warnings ?? []));
    Object.assign(checks, found.checks);
  }
  return {
    usable: problems.length === 0,
    problems,
    warnings,
    license: summarize(context.effective, parsed.license, context.token !== null && context.token.ok),
    checks,
    ...(context.certificate.ok ? { certificate: context.certificate.info } : {}),
  };
}

/**
 * Inspects license file bytes. Never throws: anything unexpected becomes a `not-json` problem.
 * `options.installationId` enables `installation-mismatch`; `options.certificate` replaces the built-in licensing certificate.
 */
export function inspectLicense(bytes: Uint8Array, options: InspectLicenseOptions = {}): LicenseInspection {
  try {
    if (!(bytes instanceof Uint8Array)) {
      return {
        usable: false,
        problems: [{ code: 'not-json', message: `No file content was given. Choose the downloaded license file.` }],
        warnings: [],
        license: null,
        checks: { hash: 'not-checked', token: 'not-checked', signature: 'not-checked' },
      };
    }
    return inspect(bytes, options ?? {});
  } catch (error) {
    return {
      usable: false,
      problems: [
        {
          code: 'not-json',
          message: `The file could not be read as a license (${error instanceof Error ? error.message : String(error)}). ${DOWNLOAD_AGAIN}`,
        },
      ],
      warnings: [],
      license: null,
      checks: { hash: 'not-checked', token: 'not-checked', signature: 'not-checked' },
    };
  }
}

/** The rules about what the license says: complete and an organization license, for this installation, a plan that can sponsor. */
import type { LicenseProblem } from './license-codes';
import { MAX_LICENSE_VERSION, MIN_LICENSE_VERSION } from './license-data';
import { EMPTY_GUID } from './license-fields';
import { canSponsorFamilies, planTypeName, SPONSOR_CAPABLE_PLAN_TYPES } from './plan-types';
import { asNumber, asString, display, DOWNLOAD_AGAIN, type Findings, type InspectionContext } from './inspection-context';

const REQUIRED_FIELDS = ['LicenseKey', 'InstallationId', 'Id', 'Enabled', 'PlanType', 'SelfHost', 'Version', 'Issued', 'Expires', 'Hash'];

/** Fields: every required property present, an organization (not a personal) license, a supported version. */
export function fieldsRule(context: InspectionContext): Findings {
  const { license } = context;
  const problems: LicenseProblem[] = [];
  const missing = REQUIRED_FIELDS.filter((name) => !license.present.includes(name));
  if (!context.tokenText && !license.present.includes('Signature')) missing.push('Signature');
  if (missing.length > 0) {
    problems.push({
      code: 'missing-field',
      message: `The file lacks ${missing.join(', ')}: it is incomplete or not an organization license. ${DOWNLOAD_AGAIN}`,
    });
  }
  const looksPersonal = license.unknownKeys.includes('premium') || license.unknownKeys.includes('email');
  const licenseType = context.effective.LicenseType;
  if (looksPersonal || (licenseType !== null && licenseType !== undefined && licenseType !== 1)) {
    problems.push({
      code: 'not-organization',
      message:
        'This is a personal (Premium) license, not an organization license. Upload it under Settings › Subscription of the user account instead, ' +
        "and for the organization download the license from the organization's Billing › Subscription page.",
    });
  }
  if (!context.versionSupported) {
    problems.push({
      code: 'unsupported-version',
      message: `License format version ${display(context.file.Version)} is not supported (the server accepts ${MIN_LICENSE_VERSION}–${MAX_LICENSE_VERSION}). ${DOWNLOAD_AGAIN}`,
    });
  }
  return { problems };
}

/** Installation: the conditions of the server's `CanUse` against this installation. */
export function installationRule(context: InspectionContext): Findings {
  const { effective } = context;
  const problems: LicenseProblem[] = [];
  if (context.installationId !== undefined) {
    const expected = context.installationId.trim().toLowerCase();
    const actual = asString(effective.InstallationId) ?? EMPTY_GUID;
    if (expected !== actual) {
      problems.push({
        code: 'installation-mismatch',
        message: `The license is for installation ${actual}, but this server's installation ID is ${expected} (bwdata/env/global.override.env). Download the license again and enter ${expected} as the installation ID. If the web vault answers "Invalid installation id", the installation was registered for the other region (US or EU) than the organization's.`,
      });
    }
  }
  if (effective.SelfHost !== true) {
    problems.push({
      code: 'not-self-host',
      message: "The license does not allow self-hosting. The cloud organization's plan must include self-hosting; change the plan in the cloud web vault, then download the license again.",
    });
  }
  if (effective.Enabled !== true) {
    problems.push({
      code: 'disabled',
      message: "The cloud organization is disabled (often an unpaid invoice). Resolve it in the cloud web vault's Billing page, then download the license again.",
    });
  }
  return { problems };
}

/** Plan: only Enterprise plans can sponsor Families organizations. */
export function planRule(context: InspectionContext): Findings {
  const planType = asNumber(context.effective.PlanType) ?? 0;
  if (canSponsorFamilies(planType)) return {};
  return {
    problems: [
      {
        code: 'cannot-sponsor',
        message: `The plan ${planTypeName(planType)} (PlanType ${planType}) cannot sponsor Families organizations; only Enterprise plans can (PlanType ${SPONSOR_CAPABLE_PLAN_TYPES.join(', ')}). Upgrade the cloud organization to Enterprise, then download the license again.`,
      },
    ],
  };
}

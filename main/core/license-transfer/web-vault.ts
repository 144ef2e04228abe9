/**
 * The manual path through Bitwarden's web vaults, for admins without a connection or an air gap.
 * Wording follows Bitwarden's help pages (Admin Console › Billing › Subscription, "Download License",
 * "Update License"); the route `#/organizations/{id}/billing/subscription` is the web vault's
 * (bitwarden/clients organization-billing-routing: billing → subscription).
 */
import { webVaultLicenseFileName } from '../license';
import { GUID_PATTERN } from '../shared';
import type { CloudRegion } from '../vault-api';

export const CLOUD_WEB_VAULT: Record<CloudRegion, string> = {
  US: 'https://vault.bitwarden.com',
  EU: 'https://vault.bitwarden.eu',
};

/** The organization's subscription page on a web vault; the vault's start page when the id is unknown or malformed. */
export function subscriptionPageUrl(vaultUrl: string, organizationId?: string | null): string {
  const base = vaultUrl.replace(/\/+$/, '');
  if (!organizationId || !GUID_PATTERN.test(organizationId)) return `${base}/#/vault`;
  return `${base}/#/organizations/${organizationId.toLowerCase()}/billing/subscription`;
}

export function cloudSubscriptionPageUrl(region: CloudRegion, cloudOrgId?: string | null): string {
  return subscriptionPageUrl(CLOUD_WEB_VAULT[region], cloudOrgId);
}

/** Why the tool never writes into bwdata/core/licenses (the server reads its own PascalCase copy there case-sensitively: `LicensingService.cs`), for the UI and the CLI. */
export const LICENSES_FOLDER_EXPLANATION =
  'Do not copy the file into bwdata/core/licenses yourself: the server reads that folder case-sensitively and expects the ' +
  'PascalCase file it writes itself, while the download is camelCase, so a copied file is not recognised and the organization ' +
  'can end up disabled by the twice-daily license check. Upload it instead; the server validates it and stores it in its own format.';

export interface ManualSteps {
  /** Where to open the page (https only, opened through the safe external opener). */
  url: string;
  steps: string[];
  notes: string[];
}

export interface CloudDownloadStepsInput {
  region: CloudRegion;
  installationId: string | null;
  cloudOrgId?: string | null;
}

/** Getting the license from the cloud web vault by hand. */
export function cloudDownloadSteps(input: CloudDownloadStepsInput): ManualSteps {
  const vault = CLOUD_WEB_VAULT[input.region];
  return {
    url: cloudSubscriptionPageUrl(input.region, input.cloudOrgId),
    steps: [
      `Sign in to the cloud web vault (${vault}) with the account that owns the organization.`,
      input.cloudOrgId
        ? "Open the organization's subscription page (the link), or: Admin Console › choose the organization › Billing › Subscription."
        : 'Open the Admin Console, choose the organization, then Billing › Subscription.',
      'Select "Download License".',
      input.installationId
        ? `When asked, enter this server's installation ID ${input.installationId} and select Submit.`
        : "When asked, enter this server's installation ID (globalSettings__installation__id in bwdata/env/global.override.env) and select Submit.",
      `The browser saves ${webVaultLicenseFileName}. Bring it to this tool (or carry it to the offline machine) and check it before uploading.`,
    ],
    notes: [
      `Use the ${input.region === 'EU' ? 'EU (bitwarden.eu)' : 'US (bitwarden.com)'} vault: the organization and the installation ID must be in the same region, or the vault answers "Invalid installation id".`,
    ],
  };
}

export interface SelfHostedUploadStepsInput {
  vaultUrl: string | null;
  selfOrgId?: string | null;
  /** The self-hosted vault has no organization yet: it has to be created from the license. */
  noOrganizationYet?: boolean;
}

/** Uploading by hand in the self-hosted web vault, or creating the organization from the license. */
export function selfHostedUploadSteps(input: SelfHostedUploadStepsInput): ManualSteps {
  const vault = input.vaultUrl?.replace(/\/+$/, '') ?? 'your self-hosted web vault';
  const url = input.vaultUrl && /^https:\/\//i.test(input.vaultUrl) ? subscriptionPageUrl(input.vaultUrl, input.noOrganizationYet ? null : input.selfOrgId) : '';
  if (input.noOrganizationYet) {
    return {
      url,
      steps: [
        `Sign in to ${vault} with the account that should own the organization.`,
        'Select New organization (in the vault\'s organization menu or the Admin Console).',
        `Choose the checked ${webVaultLicenseFileName} as the license file, give the default collection a name and submit.`,
        'Then come back here: the organization appears after signing in to the self-hosted vault again.',
      ],
      notes: [
        'Creating the organization needs organization keys that only a Bitwarden client makes, so this tool cannot do it for you.',
        LICENSES_FOLDER_EXPLANATION,
      ],
    };
  }
  return {
    url,
    steps: [
      `Sign in to ${vault} with an Owner of the organization.`,
      input.selfOrgId
        ? "Open the organization's subscription page (the link), or: Admin Console › choose the organization › Billing › Subscription."
        : 'Open the Admin Console, choose the organization, then Billing › Subscription.',
      'Select "Update License".',
      `Choose the checked ${webVaultLicenseFileName} and submit. The page then shows the new expiration date.`,
    ],
    notes: [LICENSES_FOLDER_EXPLANATION],
  };
}

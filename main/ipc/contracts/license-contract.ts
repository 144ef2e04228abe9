import { z } from 'zod';
import type { LicenseInspection, LicensingCertificateInfo } from '../../core/license';
import type { InstallationRegionResult, ManualSteps, UploadConfirmation } from '../../core/license-transfer';
import type { OrganizationMembership } from '../../core/vault-api';
import { LICENSE_INVOKE } from '../channels/license-channels';
import { absolutePathSchema, responds } from './contract-helpers';

/**
 * Dropped files are read in the renderer (it has no fs) and sent as bytes. The cap is far above the
 * server's 51,200-byte upload limit, so an oversized file still gets a proper `too-large` finding,
 * but a dropped video never crosses IPC.
 */
export const LICENSE_BYTES_MAX = 1024 * 1024;

const guidSchema = z.guid();

/** The file's content: base64 text, or a plain array of byte values. */
export const licenseBytesSchema = z.union([
  z.strictObject({ base64: z.string().max(Math.ceil(LICENSE_BYTES_MAX / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') }),
  z.strictObject({ byteValues: z.array(z.number().int().min(0).max(255)).max(LICENSE_BYTES_MAX) }),
]);
export type LicenseBytes = z.input<typeof licenseBytesSchema>;

/** Where a license comes from: a file main reads, or bytes the renderer read from a drop. */
export const licenseSourceSchema = z.union([
  z.strictObject({ kind: z.literal('path'), path: absolutePathSchema }),
  z.strictObject({ kind: z.literal('bytes'), fileName: z.string().max(255), bytes: licenseBytesSchema }),
]);
export type LicenseSource = z.input<typeof licenseSourceSchema>;

const checkAgainst = {
  /** The install's ID, to check the license was issued for it. */
  installationId: guidSchema.optional(),
  /** Bitwarden's licensing certificate (.cer) for the authenticity checks. */
  certificatePath: absolutePathSchema.optional(),
};

export interface InspectedLicense {
  fileName: string;
  /** Absolute path when the file came from disk (picker or download). */
  path: string | null;
  size: number;
  inspection: LicenseInspection;
  /** Whether the inspection compared the installation ID. */
  checkedInstallationId: string | null;
}

export interface LicenseConnectionView {
  /** Signed in (settings + secret available) and the profile could be read now. */
  state: 'signed-in' | 'error';
  region?: 'US' | 'EU' | 'custom';
  vaultUrl?: string;
  email?: string;
  ownerOrganizations: OrganizationMembership[];
  /** The organization chosen in the Connections panel, when it is one the account owns. */
  organizationId: string | null;
  explanation?: string;
  error?: { code: string; message: string };
}

export interface LicenseConnections {
  cloud: LicenseConnectionView | null;
  self: LicenseConnectionView | null;
}

export interface RegionCheck extends InstallationRegionResult {
  /** The cloud connection's region, when signed in to US or EU. */
  connectionRegion: 'US' | 'EU' | null;
  /** Set when the installation is known in another region than the cloud connection's. */
  mismatch: string | null;
}

export type DownloadOutcome = { saved: false } | ({ saved: true } & InspectedLicense);

export interface UploadOutcome {
  uploaded: true;
  forced: boolean;
  selfOrgId: string;
  confirmation: UploadConfirmation;
  inspection: LicenseInspection;
}

export interface LicenseManualStepsView {
  cloud: ManualSteps;
  selfHosted: ManualSteps;
}

export const licenseContract = {
  [LICENSE_INVOKE.licenseInspectFile]: {
    request: z.strictObject({ path: absolutePathSchema, ...checkAgainst }),
    response: responds<InspectedLicense>(),
  },
  [LICENSE_INVOKE.licenseInspectBytes]: {
    request: z.strictObject({ fileName: z.string().max(255), bytes: licenseBytesSchema, ...checkAgainst }),
    response: responds<InspectedLicense>(),
  },
  [LICENSE_INVOKE.licensePickFile]: { request: z.undefined(), response: responds<{ path: string | null }>() },
  [LICENSE_INVOKE.licensePickCertificate]: {
    request: z.undefined(),
    response: responds<{ path: string | null; certificate?: LicensingCertificateInfo }>(),
  },
  [LICENSE_INVOKE.licenseConnections]: { request: z.undefined(), response: responds<LicenseConnections>() },
  [LICENSE_INVOKE.licenseCheckRegion]: { request: z.strictObject({ installationId: guidSchema }), response: responds<RegionCheck>() },
  [LICENSE_INVOKE.licenseDownload]: {
    request: z.strictObject({ cloudOrgId: guidSchema, installationId: guidSchema, certificatePath: absolutePathSchema.optional() }),
    response: responds<DownloadOutcome>(),
  },
  [LICENSE_INVOKE.licenseUpload]: {
    request: z.strictObject({ source: licenseSourceSchema, selfOrgId: guidSchema, force: z.boolean().default(false), ...checkAgainst }),
    response: responds<UploadOutcome>(),
  },
  [LICENSE_INVOKE.licenseManualSteps]: {
    request: z.strictObject({
      installationId: guidSchema.nullable(),
      cloudRegion: z.enum(['US', 'EU']).nullable(),
      cloudOrgId: guidSchema.nullable().optional(),
      vaultUrl: z.string().max(2048).nullable(),
      selfOrgId: guidSchema.nullable().optional(),
      noOrganizationYet: z.boolean().optional(),
    }),
    response: responds<LicenseManualStepsView>(),
  },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LicenseEventContract {}

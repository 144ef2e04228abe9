import { z } from 'zod';
import type { LicenseInspection, LicensingCertificateInfo } from '../../core/license';
import type { InstallationRegionResult, ManualSteps, UploadConfirmation } from '../../core/license-transfer';
import type { OrganizationMembership } from '../../core/vault-api';
import { LICENSE_INVOKE } from '../channels/license-channels';
import type { FileHandle } from '../trust/handle-registry';
import { fileIdSchema, installIdSchema, responds } from './contract-helpers';

/** A license is a few KB; the server refuses more than 51,200 bytes. Files above this are not read. */
export const LICENSE_BYTES_MAX = 1024 * 1024;

const guidSchema = z.guid();

const checkAgainst = {
  /** The install's ID, to check the license was issued for it. */
  installationId: guidSchema.optional(),
  /** Bitwarden's licensing certificate (.cer), chosen in main, for the authenticity checks. */
  certificateId: fileIdSchema.optional(),
};

export interface InspectedLicense {
  fileName: string;
  /** The handle to upload or re-inspect it with. */
  fileId: string;
  /** Where it was saved, when the app downloaded it (shown only; calls use `fileId`). */
  savedAt: string | null;
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

/** The steps with an id to open their page by (`app.openLink`). */
export type LinkedManualSteps = ManualSteps & { linkId: string | null };

export interface LicenseManualStepsView {
  cloud: LinkedManualSteps;
  selfHosted: LinkedManualSteps;
}

export const licenseContract = {
  [LICENSE_INVOKE.licenseInspectFile]: {
    request: z.strictObject({ fileId: fileIdSchema, ...checkAgainst }),
    response: responds<InspectedLicense>(),
  },
  [LICENSE_INVOKE.licensePickFile]: { request: z.undefined(), response: responds<{ file: FileHandle | null }>() },
  [LICENSE_INVOKE.licensePickCertificate]: {
    request: z.undefined(),
    response: responds<{ certificate: (FileHandle & { info: LicensingCertificateInfo }) | null }>(),
  },
  [LICENSE_INVOKE.licenseConnections]: { request: z.undefined(), response: responds<LicenseConnections>() },
  [LICENSE_INVOKE.licenseCheckRegion]: { request: z.strictObject({ installationId: guidSchema }), response: responds<RegionCheck>() },
  [LICENSE_INVOKE.licenseDownload]: {
    /** `keep: 'app-data'`: kept in the app's data for this installation (no save dialog; "Save a copy…" later). */
    request: z.strictObject({ cloudOrgId: guidSchema, installationId: guidSchema, certificateId: fileIdSchema.optional(), keep: z.literal('app-data').optional() }),
    response: responds<DownloadOutcome>(),
  },
  /** "Save a copy…": the license behind a handle, copied where the admin chooses in the native save dialog. */
  [LICENSE_INVOKE.licenseSaveCopy]: { request: z.strictObject({ fileId: fileIdSchema }), response: responds<{ saved: boolean }>() },
  [LICENSE_INVOKE.licenseUpload]: {
    request: z.strictObject({ fileId: fileIdSchema, selfOrgId: guidSchema, force: z.boolean().default(false), ...checkAgainst }),
    response: responds<UploadOutcome>(),
  },
  [LICENSE_INVOKE.licenseManualSteps]: {
    request: z.strictObject({
      installationId: guidSchema.nullable(),
      cloudRegion: z.enum(['US', 'EU']).nullable(),
      cloudOrgId: guidSchema.nullable().optional(),
      /** The self-hosted vault comes from main: the signed-in connection's, else this install's. */
      installId: installIdSchema.nullable(),
      selfOrgId: guidSchema.nullable().optional(),
      noOrganizationYet: z.boolean().optional(),
    }),
    response: responds<LicenseManualStepsView>(),
  },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LicenseEventContract {}

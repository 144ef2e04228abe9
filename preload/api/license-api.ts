import { LICENSE_INVOKE } from '../../main/ipc/channels/license-channels';
import type { BridgeTransport } from '../bridge-types';

/** What a license is checked against: the install's ID and, optionally, Bitwarden's licensing certificate (by its handle). */
export interface LicenseCheckInput {
  installationId?: string;
  certificateId?: string;
}

const checkFields = (check: LicenseCheckInput) => ({
  ...(check.installationId ? { installationId: check.installationId } : {}),
  ...(check.certificateId ? { certificateId: check.certificateId } : {}),
});

/**
 * The License step: offline inspection, the installation's region, download, upload and the manual
 * path. Files are named by the handles main issued (picker, drop, download), never by a path.
 */
export function createLicenseApi(transport: BridgeTransport) {
  return {
    /** Inspects a chosen license file offline (no network). */
    inspect: (fileId: string, check: LicenseCheckInput = {}) => transport.invoke(LICENSE_INVOKE.licenseInspectFile, { fileId, ...checkFields(check) }),
    /** Native file picker for a license file; returns its handle. */
    pickFile: () => transport.invoke(LICENSE_INVOKE.licensePickFile, undefined),
    /** Native file picker for Bitwarden's licensing certificate; returns its handle and thumbprint. */
    pickCertificate: () => transport.invoke(LICENSE_INVOKE.licensePickCertificate, undefined),
    /** The cloud and self-hosted connections with their owned organizations (reads each profile now). */
    connections: () => transport.invoke(LICENSE_INVOKE.licenseConnections, undefined),
    /** Contacts api.bitwarden.com and api.bitwarden.eu: which region knows this installation ID? */
    checkRegion: (installationId: string) => transport.invoke(LICENSE_INVOKE.licenseCheckRegion, { installationId }),
    /** Downloads the license from the cloud into a file the admin picks (save dialog) and inspects it. */
    download: (cloudOrgId: string, installationId: string, certificateId?: string) =>
      transport.invoke(LICENSE_INVOKE.licenseDownload, { cloudOrgId, installationId, keep: 'app-data', ...(certificateId ? { certificateId } : {}) }),
    /** "Save a copy…" of a license the app holds, through the native save dialog. */
    saveCopy: (fileId: string) => transport.invoke(LICENSE_INVOKE.licenseSaveCopy, { fileId }),
    /** Uploads to the self-hosted organization; `force` only as the admin's explicit override of problems. */
    upload: (fileId: string, selfOrgId: string, options: LicenseCheckInput & { force?: boolean } = {}) =>
      transport.invoke(LICENSE_INVOKE.licenseUpload, { fileId, selfOrgId, force: Boolean(options.force), ...checkFields(options) }),
    /** The steps in the cloud and self-hosted web vaults, with link ids, for the manual path. */
    manualSteps: (input: {
      installationId: string | null;
      cloudRegion: 'US' | 'EU' | null;
      cloudOrgId?: string | null;
      installId: string | null;
      selfOrgId?: string | null;
      noOrganizationYet?: boolean;
    }) => transport.invoke(LICENSE_INVOKE.licenseManualSteps, input),
  };
}

import { LICENSE_INVOKE } from '../../main/ipc/channels/license-channels';
import type { RequestOf } from '../../main/ipc/contracts';
import type { BridgeTransport } from '../bridge-types';

type Request<K extends keyof typeof LICENSE_INVOKE> = RequestOf<(typeof LICENSE_INVOKE)[K]>;

/**
 * The License step: offline inspection, the installation's region, download, upload and the manual
 * path. Files are named by the handles main issued (picker, drop, download), never by a path.
 */
export function createLicenseApi(transport: BridgeTransport) {
  return {
    /** Inspects a chosen license file offline (no network). */
    inspect: (request: Request<'licenseInspectFile'>) => transport.invoke(LICENSE_INVOKE.licenseInspectFile, request),
    /** Native file picker for a license file; returns its handle. */
    pickFile: () => transport.invoke(LICENSE_INVOKE.licensePickFile, undefined),
    /** Native file picker for Bitwarden's licensing certificate; returns its handle and thumbprint. */
    pickCertificate: () => transport.invoke(LICENSE_INVOKE.licensePickCertificate, undefined),
    /** Contacts api.bitwarden.com and api.bitwarden.eu: which region knows this installation ID? */
    checkRegion: (installationId: string) => transport.invoke(LICENSE_INVOKE.licenseCheckRegion, { installationId }),
    /** Downloads the license from the cloud into a file the admin picks (save dialog) and inspects it. */
    download: (request: Request<'licenseDownload'>) => transport.invoke(LICENSE_INVOKE.licenseDownload, request),
    /** "Save a copy…" of a license the app holds, through the native save dialog. */
    saveCopy: (fileId: string) => transport.invoke(LICENSE_INVOKE.licenseSaveCopy, { fileId }),
    /** Uploads to the self-hosted organization; `force` only as the admin's explicit override of problems. */
    upload: (request: Request<'licenseUpload'>) => transport.invoke(LICENSE_INVOKE.licenseUpload, request),
    /** The steps in the cloud and self-hosted web vaults, with link ids, for the manual path. */
    manualSteps: (request: Request<'licenseManualSteps'>) => transport.invoke(LICENSE_INVOKE.licenseManualSteps, request),
  };
}

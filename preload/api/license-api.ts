import { LICENSE_INVOKE } from '../../main/ipc/channels/license-channels';
import type { LicenseSource } from '../../main/ipc/contracts/license-contract';
import type { BridgeTransport } from '../bridge-types';

/** What a license is checked against: the install's ID and, optionally, Bitwarden's licensing certificate. */
export interface LicenseCheckInput {
  installationId?: string;
  certificatePath?: string;
}

const checkFields = (check: LicenseCheckInput) => ({
  ...(check.installationId ? { installationId: check.installationId } : {}),
  ...(check.certificatePath ? { certificatePath: check.certificatePath } : {}),
});

/** Base64 of bytes without Node's Buffer (the sandboxed renderer has none). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The License step: offline inspection, the installation's region, download, upload and the manual path. */
export function createLicenseApi(transport: BridgeTransport) {
  return {
    /** Inspects a license file on disk offline (no network). */
    inspectFile: (path: string, check: LicenseCheckInput = {}) => transport.invoke(LICENSE_INVOKE.licenseInspectFile, { path, ...checkFields(check) }),
    /** Inspects a dropped file's bytes (read in the renderer with File.arrayBuffer) offline. */
    inspectBytes: (fileName: string, bytes: Uint8Array, check: LicenseCheckInput = {}) =>
      transport.invoke(LICENSE_INVOKE.licenseInspectBytes, { fileName, bytes: { base64: toBase64(bytes) }, ...checkFields(check) }),
    /** Native file picker for a license file. */
    pickFile: () => transport.invoke(LICENSE_INVOKE.licensePickFile, undefined),
    /** Native file picker for Bitwarden's licensing certificate; returns its thumbprint. */
    pickCertificate: () => transport.invoke(LICENSE_INVOKE.licensePickCertificate, undefined),
    /** The cloud and self-hosted connections with their owned organizations (reads each profile now). */
    connections: () => transport.invoke(LICENSE_INVOKE.licenseConnections, undefined),
    /** Contacts api.bitwarden.com and api.bitwarden.eu: which region knows this installation ID? */
    checkRegion: (installationId: string) => transport.invoke(LICENSE_INVOKE.licenseCheckRegion, { installationId }),
    /** Downloads the license from the cloud into a file the admin picks (save dialog) and inspects it. */
    download: (cloudOrgId: string, installationId: string, certificatePath?: string) =>
      transport.invoke(LICENSE_INVOKE.licenseDownload, { cloudOrgId, installationId, ...(certificatePath ? { certificatePath } : {}) }),
    /** Uploads to the self-hosted organization; `force` only as the admin's explicit override of problems. */
    upload: (source: { kind: 'path'; path: string } | { kind: 'bytes'; fileName: string; bytes: Uint8Array }, selfOrgId: string, options: LicenseCheckInput & { force?: boolean } = {}) => {
      const wire: LicenseSource = source.kind === 'path' ? source : { kind: 'bytes', fileName: source.fileName, bytes: { base64: toBase64(source.bytes) } };
      return transport.invoke(LICENSE_INVOKE.licenseUpload, { source: wire, selfOrgId, force: Boolean(options.force), ...checkFields(options) });
    },
    /** The steps in the cloud and self-hosted web vaults, with links, for the manual path. */
    manualSteps: (input: {
      installationId: string | null;
      cloudRegion: 'US' | 'EU' | null;
      cloudOrgId?: string | null;
      vaultUrl: string | null;
      selfOrgId?: string | null;
      noOrganizationYet?: boolean;
    }) => transport.invoke(LICENSE_INVOKE.licenseManualSteps, input),
  };
}

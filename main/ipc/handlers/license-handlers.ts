import path from 'node:path';
import { inspectLicense, loadLicensingCertificate, webVaultLicenseFileName } from '../../core/license';
import {
  cloudDownloadSteps,
  downloadLicense,
  checkInstallationRegion,
  selfHostedUploadSteps,
  uploadLicense,
} from '../../core/license-transfer';
import { CoreError, readUserFile } from '../../core/shared';
import type { ServerRole } from '../../core/vault-api';
import { INVOKE } from '../channels';
import { LICENSE_BYTES_MAX, type InspectedLicense, type LicenseBytes, type LicenseConnectionView, type LicenseSource } from '../contracts/license-contract';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';

type LicenseChannels =
  | typeof INVOKE.licenseInspectFile
  | typeof INVOKE.licenseInspectBytes
  | typeof INVOKE.licensePickFile
  | typeof INVOKE.licensePickCertificate
  | typeof INVOKE.licenseConnections
  | typeof INVOKE.licenseCheckRegion
  | typeof INVOKE.licenseDownload
  | typeof INVOKE.licenseUpload
  | typeof INVOKE.licenseManualSteps;

/** Reads a file the admin chose (a license or certificate, not part of the install), refusing huge ones unread. */
async function readChosenFile(file: string, what: string): Promise<Uint8Array> {
  return readUserFile(file, what, LICENSE_BYTES_MAX);
}

function decodeBytes(bytes: LicenseBytes): Uint8Array {
  if ('base64' in bytes) return new Uint8Array(Buffer.from(bytes.base64, 'base64'));
  return Uint8Array.from(bytes.byteValues);
}

async function sourceBytes(source: LicenseSource): Promise<{ bytes: Uint8Array; fileName: string; path: string | null }> {
  if (source.kind === 'path') return { bytes: await readChosenFile(source.path, 'license file'), fileName: path.basename(source.path), path: source.path };
  return { bytes: decodeBytes(source.bytes), fileName: source.fileName, path: null };
}

function inspected(bytes: Uint8Array, fileName: string, filePath: string | null, installationId: string | undefined, certificate: Uint8Array | undefined): InspectedLicense {
  const inspection = inspectLicense(bytes, { ...(installationId ? { installationId } : {}), ...(certificate ? { certificate } : {}) });
  return { fileName, path: filePath, size: bytes.byteLength, inspection, checkedInstallationId: installationId?.toLowerCase() ?? null };
}

export function licenseHandlers(services: AppServices): Pick<HandlerTable, LicenseChannels> {
  /** The certificate the admin chose, else the services' substitute; undefined = Bitwarden's built-in one. */
  const certificateBytes = async (certificatePath: string | undefined): Promise<Uint8Array | undefined> =>
    certificatePath ? readChosenFile(certificatePath, 'certificate') : services.licensingCertificate?.();

  const connectionView = async (role: ServerRole, identity: Awaited<ReturnType<AppServices['connections']['whoami']>>[ServerRole]): Promise<LicenseConnectionView | null> => {
    if (!identity) return null;
    const saved = (await services.settings.load()).servers[role];
    const base = { ...(saved?.region ? { region: saved.region } : {}), ...(saved?.vaultUrl ? { vaultUrl: saved.vaultUrl } : {}) };
    if ('error' in identity) return { state: 'error', ...base, ownerOrganizations: [], organizationId: null, error: identity.error };
    const chosen = saved?.organizationId && identity.ownerOrganizations.some((o) => o.id === saved.organizationId) ? saved.organizationId : null;
    // With exactly one owned organization there is nothing to choose.
    const organizationId = chosen ?? (identity.ownerOrganizations.length === 1 ? identity.ownerOrganizations[0]!.id : null);
    return {
      state: 'signed-in',
      ...base,
      email: identity.email,
      ownerOrganizations: identity.ownerOrganizations,
      organizationId,
      ...(identity.explanation ? { explanation: identity.explanation } : {}),
    };
  };

  return {
    [INVOKE.licenseInspectFile]: async ({ path: filePath, installationId, certificatePath }) => {
      const [bytes, certificate] = await Promise.all([readChosenFile(filePath, 'license file'), certificateBytes(certificatePath)]);
      return inspected(bytes, path.basename(filePath), filePath, installationId, certificate);
    },
    [INVOKE.licenseInspectBytes]: async ({ fileName, bytes, installationId, certificatePath }) =>
      inspected(decodeBytes(bytes), fileName, null, installationId, await certificateBytes(certificatePath)),
    [INVOKE.licensePickFile]: async () => ({
      path: await services.dialogs.pickFile({ title: 'Choose the organization license file (bitwarden_organization_license.json)', extensions: ['json'] }),
    }),
    [INVOKE.licensePickCertificate]: async () => {
      const picked = await services.dialogs.pickFile({ title: "Choose Bitwarden's licensing certificate (.cer)", extensions: ['cer', 'crt', 'pem', 'der'] });
      if (!picked) return { path: null };
      const loaded = loadLicensingCertificate(await readChosenFile(picked, 'certificate'));
      if (!loaded.ok) throw new CoreError('certificate-unusable', `${picked} cannot be used: ${loaded.reason}.`, 'unusable-input');
      return { path: picked, certificate: loaded.info };
    },
    [INVOKE.licenseConnections]: async () => {
      const who = await services.connections.whoami();
      return { cloud: await connectionView('cloud', who.cloud), self: await connectionView('self', who.self) };
    },
    [INVOKE.licenseCheckRegion]: async ({ installationId }) => {
      services.log('[license] asking api.bitwarden.com and api.bitwarden.eu which region knows the installation ID');
      return checkInstallationRegion(installationId, services.settings, { log: services.log, clientName: 'desktop' });
    },
    [INVOKE.licenseDownload]: async ({ cloudOrgId, installationId, certificatePath }) => {
      const target = await services.dialogs.saveFile({
        title: 'Save the organization license',
        defaultPath: path.join(services.paths.downloads, webVaultLicenseFileName),
      });
      if (!target) return { saved: false };
      const certificate = await certificateBytes(certificatePath);
      // The save dialog already asked about replacing an existing file.
      const result = await downloadLicense(services.connections, {
        cloudOrgId,
        installationId,
        outPath: target,
        overwrite: true,
        ...(certificate ? { certificate } : {}),
      });
      services.log(`[license] downloaded the license to ${result.path}`);
      return { saved: true, fileName: path.basename(result.path), path: result.path, size: result.bytes, inspection: result.inspection, checkedInstallationId: installationId.toLowerCase() };
    },
    [INVOKE.licenseUpload]: async ({ source, selfOrgId, force, installationId, certificatePath }) => {
      const [{ bytes }, certificate] = await Promise.all([sourceBytes(source), certificateBytes(certificatePath)]);
      const result = await uploadLicense(services.connections, {
        selfOrgId,
        bytes,
        force,
        ...(installationId ? { installationId } : {}),
        ...(certificate ? { certificate } : {}),
      });
      services.log(`[license] uploaded the license to organization ${selfOrgId}${result.forced ? ' (override despite problems)' : ''}; confirmed: ${result.confirmation.confirmed}`);
      return { uploaded: true, forced: result.forced, selfOrgId, confirmation: result.confirmation, inspection: result.inspection };
    },
    [INVOKE.licenseManualSteps]: async ({ installationId, cloudRegion, cloudOrgId, vaultUrl, selfOrgId, noOrganizationYet }) => ({
      cloud: cloudDownloadSteps({ region: cloudRegion ?? 'US', installationId, cloudOrgId: cloudOrgId ?? null }),
      selfHosted: selfHostedUploadSteps({ vaultUrl, selfOrgId: selfOrgId ?? null, noOrganizationYet: Boolean(noOrganizationYet) }),
    }),
  };
}

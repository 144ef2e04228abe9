import { promises as fs } from 'node:fs';
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
import { LICENSE_BYTES_MAX, type InspectedLicense, type LicenseConnectionView } from '../contracts/license-contract';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { selfVaultUrl } from './self-vault-url';
import { confirmSavedConnection, createTrust, type Trust } from '../trust';

type LicenseChannels =
  | typeof INVOKE.licenseInspectFile
  | typeof INVOKE.licensePickFile
  | typeof INVOKE.licensePickCertificate
  | typeof INVOKE.licenseConnections
  | typeof INVOKE.licenseCheckRegion
  | typeof INVOKE.licenseDownload
  | typeof INVOKE.licenseSaveCopy
  | typeof INVOKE.licenseUpload
  | typeof INVOKE.licenseManualSteps;

/** Reads a file the admin chose (a license or certificate, not part of the install), refusing huge ones unread. */
async function readChosenFile(file: string, what: string): Promise<Uint8Array> {
  return readUserFile(file, what, LICENSE_BYTES_MAX);
}

function inspected(bytes: Uint8Array, file: { fileId: string; name: string }, savedAt: string | null, installationId: string | undefined, certificate: Uint8Array | undefined): InspectedLicense {
  const inspection = inspectLicense(bytes, { ...(installationId ? { installationId } : {}), ...(certificate ? { certificate } : {}) });
  return { fileName: file.name, fileId: file.fileId, savedAt, size: bytes.byteLength, inspection, checkedInstallationId: installationId?.toLowerCase() ?? null };
}

export function licenseHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, LicenseChannels> {
  const licensePath = (fileId: string) => trust.handles.filePath(fileId, 'license');
  /** The certificate the admin chose, else the services' substitute; undefined = Bitwarden's built-in one. */
  const certificateBytes = async (trust: Trust, certificateId: string | undefined): Promise<Uint8Array | undefined> =>
    certificateId ? readChosenFile(trust.handles.filePath(certificateId, 'certificate'), 'certificate') : services.licensingCertificate?.();

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
    [INVOKE.licenseInspectFile]: async ({ fileId, installationId, certificateId }) => {
      const filePath = licensePath(fileId);
      const [bytes, certificate] = await Promise.all([readChosenFile(filePath, 'license file'), certificateBytes(trust, certificateId)]);
      return inspected(bytes, { fileId, name: path.basename(filePath) }, null, installationId, certificate);
    },
    [INVOKE.licensePickFile]: async () => {
      const picked = await services.dialogs.pickFile({ title: 'Choose the organization license file (bitwarden_organization_license.json)', extensions: ['json'] });
      return { file: picked ? trust.handles.issueFile(picked, 'license', 'dialog') : null };
    },
    [INVOKE.licensePickCertificate]: async () => {
      const picked = await services.dialogs.pickFile({ title: "Choose Bitwarden's licensing certificate (.cer)", extensions: ['cer', 'crt', 'pem', 'der'] });
      if (!picked) return { certificate: null };
      const loaded = loadLicensingCertificate(await readChosenFile(picked, 'certificate'));
      if (!loaded.ok) throw new CoreError('certificate-unusable', `${picked} cannot be used: ${loaded.reason}.`, 'unusable-input');
      return { certificate: { ...trust.handles.issueFile(picked, 'certificate', 'dialog'), info: loaded.info } };
    },
    [INVOKE.licenseConnections]: async () => {
      const who = await services.connections.whoami();
      return { cloud: await connectionView('cloud', who.cloud), self: await connectionView('self', who.self) };
    },
    [INVOKE.licenseCheckRegion]: async ({ installationId }) => {
      services.log('[license] asking api.bitwarden.com and api.bitwarden.eu which region knows the installation ID');
      return checkInstallationRegion(installationId, services.settings, { log: services.log, clientName: 'desktop' });
    },
    [INVOKE.licenseDownload]: async ({ cloudOrgId, installationId, certificateId, keep }) => {
      // Kept in the app's data (one folder per installation), or where the admin chooses.
      const kept = keep === 'app-data' ? path.join(services.paths.licenses, installationId.toLowerCase(), webVaultLicenseFileName) : null;
      if (kept) await fs.mkdir(path.dirname(kept), { recursive: true, mode: 0o700 });
      const target =
        kept ??
        (await services.dialogs.saveFile({
          title: 'Save the organization license',
          defaultPath: path.join(services.paths.downloads, webVaultLicenseFileName),
        }));
      if (!target) return { saved: false };
      const certificate = await certificateBytes(trust, certificateId);
      // The save dialog already asked about replacing an existing file.
      const result = await downloadLicense(services.connections, {
        cloudOrgId,
        installationId,
        outPath: target,
        overwrite: true,
        ...(certificate ? { certificate } : {}),
      });
      services.log(`[license] downloaded the license to ${result.path}`);
      const file = trust.handles.issueFile(result.path, 'license', 'download');
      return { saved: true, fileName: file.name, fileId: file.fileId, savedAt: result.path, size: result.bytes, inspection: result.inspection, checkedInstallationId: installationId.toLowerCase() };
    },
    [INVOKE.licenseSaveCopy]: async ({ fileId }) => {
      const source = licensePath(fileId);
      const target = await services.dialogs.saveFile({ title: 'Save a copy of the organization license', defaultPath: path.join(services.paths.downloads, path.basename(source)) });
      if (!target) return { saved: false };
      await fs.copyFile(source, target);
      services.log(`[license] saved a copy of the license to ${target}`);
      return { saved: true };
    },
    [INVOKE.licenseUpload]: async ({ fileId, selfOrgId, force, installationId, certificateId }) => {
      const [bytes, certificate] = await Promise.all([readChosenFile(licensePath(fileId), 'license file'), certificateBytes(trust, certificateId)]);
      // Ask about the destination only when something would be sent (core refuses an unusable license unforced).
      const sendable = force || inspectLicense(bytes, { ...(installationId ? { installationId } : {}), ...(certificate ? { certificate } : {}) }).usable;
      if (sendable) await confirmSavedConnection(services, trust.handles, 'self', 'license');
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
    [INVOKE.licenseManualSteps]: async ({ installationId, cloudRegion, cloudOrgId, installId, selfOrgId, noOrganizationYet }) => {
      const vaultUrl = await selfVaultUrl(services, trust, installId);
      const cloud = cloudDownloadSteps({ region: cloudRegion ?? 'US', installationId, cloudOrgId: cloudOrgId ?? null });
      const selfHosted = selfHostedUploadSteps({ vaultUrl, selfOrgId: selfOrgId ?? null, noOrganizationYet: Boolean(noOrganizationYet) });
      const linked = <T extends { url: string }>(steps: T) => ({ ...steps, linkId: steps.url ? trust.links.register(steps.url) : null });
      return { cloud: linked(cloud), selfHosted: linked(selfHosted) };
    },
  };
}

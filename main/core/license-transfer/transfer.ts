/**
 * The online halves of the License step: download from the cloud (GET license, `src/Api/Billing/Controllers/OrganizationsController.cs`) and
 * upload to the self-hosted vault (`SelfHostedOrganizationLicensesController.cs`, validated by `UpdateOrganizationLicenseCommand.cs`), each with
 * the same offline inspection the air-gapped path uses.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { inspectLicense, webVaultLicenseFileName, type LicenseInspection } from '../license';
import { CoreError, GUID_PATTERN } from '../shared';
import { isApiError, type ServerRole, type VaultClient } from '../vault-api';
import { explainServerMessage, fixForServerMessage } from './server-messages';

/** The calls used here; ConnectionManager's clients provide them. */
export type LicenseVaultClient = Pick<VaultClient, 'downloadLicense' | 'uploadLicense' | 'getOrganization' | 'getOrganizationSubscription'>;

/** Hands out a vault client per server role (ConnectionManager satisfies it). */
export interface LicenseClientProvider {
  client(role: ServerRole): Promise<LicenseVaultClient>;
}

export interface InspectionContext {
  /** Bitwarden's licensing certificate (`.cer`), for the authenticity checks. */
  certificate?: Uint8Array;
  now?: Date;
}

export interface DownloadLicenseInput extends InspectionContext {
  cloudOrgId: string;
  installationId: string;
  /** A file path, or an existing folder (the web vault's file name is used inside it). */
  outPath: string;
  /** Replace an existing file; refused otherwise. */
  overwrite?: boolean;
}

export interface DownloadLicenseResult {
  path: string;
  bytes: number;
  inspection: LicenseInspection;
}

export interface UploadLicenseInput extends InspectionContext {
  selfOrgId: string;
  bytes: Uint8Array;
  /** The installation ID of the self-hosted server, for the installation check before uploading. */
  installationId?: string;
  /** Upload although the inspection found problems (the admin's explicit override). */
  force?: boolean;
}

export interface UploadConfirmation {
  /** True when the server now reports the uploaded license's expiry (or both have none). */
  confirmed: boolean;
  organizationName: string | null;
  expiration: string | null;
  message: string;
}

export interface UploadLicenseResult {
  uploaded: true;
  forced: boolean;
  inspection: LicenseInspection;
  confirmation: UploadConfirmation;
}

function requireGuid(value: string, what: string, code: string): string {
  const trimmed = value.trim();
  if (!GUID_PATTERN.test(trimmed)) throw new CoreError(code, `The ${what} "${value}" is not a GUID (like 7d6f3c8e-1111-4a2b-9c3d-123456789abc).`, 'unusable-input');
  return trimmed.toLowerCase();
}

/** A server refusal with the server's own words and what they usually mean. */
function serverRefusal(code: string, lead: string, error: unknown): Error {
  // Not a server answer (a bug, a local failure): pass it on unchanged rather than blame the server.
  if (!isApiError(error)) return error instanceof Error ? error : new Error(String(error));
  const serverMessage = error.serverMessage;
  const explanations = explainServerMessage(serverMessage);
  const said = serverMessage ? ` The server said: "${serverMessage}".` : '';
  const base = error.code === 'vault-rejected' ? `${lead}.${said}` : `${lead}: ${error.message}`;
  return new CoreError(code, [base, ...explanations].join(' '), 'problem', {
    status: error.status,
    apiCode: error.code,
    serverMessage,
    explanations,
  }, fixForServerMessage(serverMessage));
}

async function resolveOutPath(outPath: string): Promise<string> {
  const stat = await fs.stat(outPath).catch(() => null);
  return stat?.isDirectory() ? path.join(outPath, webVaultLicenseFileName) : outPath;
}

/**
 * Downloads the license for `installationId` and saves the exact text the cloud sent (no re-encoding,
 * so hash, signature and token stay intact), then inspects it.
 */
export async function downloadLicense(connections: LicenseClientProvider, input: DownloadLicenseInput): Promise<DownloadLicenseResult> {
  const cloudOrgId = requireGuid(input.cloudOrgId, 'cloud organization ID', 'invalid-organization-id');
  const installationId = requireGuid(input.installationId, 'installation ID', 'invalid-installation-id');
  const target = await resolveOutPath(input.outPath);
  const existing = await fs.stat(target).catch(() => null);
  if (existing && !existing.isFile()) {
    // Writing to a FIFO would hang, to a device would feed it the license: only a regular file is replaced.
    throw new CoreError('not-a-file', `${target} is not a regular file (a device, pipe or socket); choose a file name or a folder.`, 'unusable-input', { path: target });
  }
  if (!input.overwrite && existing) {
    throw new CoreError('output-exists', `${target} already exists. Choose another file name, or replace it.`, 'unusable-input', { path: target }, { flag: '--overwrite' });
  }
  const client = await connections.client('cloud');
  let text: string;
  try {
    text = (await client.downloadLicense(cloudOrgId, installationId)).text;
  } catch (error) {
    throw serverRefusal('license-download-failed', 'The cloud did not issue the license', error);
  }
  const data = Buffer.from(text, 'utf8');
  try {
    // 'wx' refuses a file that appeared meanwhile; the folder must exist (the admin chose it).
    await fs.writeFile(target, data, { flag: input.overwrite ? 'w' : 'wx', mode: 0o600 });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') throw new CoreError('output-exists', `${target} already exists. Choose another file name, or replace it.`, 'unusable-input', { path: target }, { flag: '--overwrite' });
    throw new CoreError('output-unwritable', `Cannot write ${target}: ${err.message}`, 'unusable-input', { path: target });
  }
  const inspection = inspectLicense(new Uint8Array(data), {
    installationId,
    certificate: input.certificate,
    now: input.now,
  });
  return { path: target, bytes: data.byteLength, inspection };
}

function sameInstant(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const ta = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(a) ? a : `${a}Z`);
  const tb = Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(b) ? b : `${b}Z`);
  // The server stores the date with its own precision; a second is plenty.
  return Number.isFinite(ta) && Number.isFinite(tb) && Math.abs(ta - tb) < 1000;
}

/**
 * Uploads a license to the self-hosted organization: only after a clean inspection unless `force`;
 * then re-reads the organization's subscription to confirm the server took it.
 */
export async function uploadLicense(connections: LicenseClientProvider, input: UploadLicenseInput): Promise<UploadLicenseResult> {
  const selfOrgId = requireGuid(input.selfOrgId, 'self-hosted organization ID', 'invalid-organization-id');
  const inspection = inspectLicense(input.bytes, {
    installationId: input.installationId || undefined,
    certificate: input.certificate,
    now: input.now,
  });
  if (!inspection.usable && !input.force) {
    throw new CoreError(
      'license-not-usable',
      `Not uploaded: the inspection found ${inspection.problems.length} problem${inspection.problems.length === 1 ? '' : 's'} (${inspection.problems.map((p) => p.code).join(', ')}). ` +
        'Fix them (usually: download the license again), or upload anyway as an explicit override.',
      'problem',
      { problems: inspection.problems },
      { flag: '--force' },
    );
  }
  const client = await connections.client('self');
  // The bytes as chosen; TextDecoder drops a UTF-8 BOM, which the server's JSON reader ignores anyway.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(input.bytes);
  try {
    await client.uploadLicense(selfOrgId, text);
  } catch (error) {
    throw serverRefusal('license-upload-rejected', 'The self-hosted server refused the license', error);
  }
  return { uploaded: true, forced: !inspection.usable, inspection, confirmation: await confirmUpload(client, selfOrgId, inspection) };
}

async function confirmUpload(client: LicenseVaultClient, selfOrgId: string, inspection: LicenseInspection): Promise<UploadConfirmation> {
  const expected = inspection.license?.expires ?? null;
  try {
    const subscription = await client.getOrganizationSubscription(selfOrgId);
    const expiration = subscription.expiration ?? null;
    const confirmed = sameInstant(expiration, expected);
    return {
      confirmed,
      organizationName: subscription.name ?? null,
      expiration,
      message: confirmed
        ? `The server now carries the license${expiration ? ` (expires ${expiration})` : ''}.`
        : `The server accepted the upload but reports expiry ${expiration ?? 'none'} instead of ${expected ?? 'none'}; open the organization's Billing › Subscription page to check.`,
    };
  } catch (error) {
    return {
      confirmed: false,
      organizationName: null,
      expiration: null,
      message: `The server accepted the upload, but re-reading the organization failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

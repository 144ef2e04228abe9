import { decodeEnvText, findDuplicateKeys, lookupEnv, parseEnv, type EnvDocument } from '../env-file';
import type { Host } from '../host';
import { CoreError, type Problem } from '../shared';
import { ENV_KEYS, REGION_URIS, parseRegion, regionOfUri, type CloudRegion } from './cloud-settings';
import { hostPath, installErrorFrom } from './install-paths';
import { readAheadInstall } from './install-read-ahead';
import { locateInstall, type InstallLocation } from './locate-install';

/** Env files are a few KiB; anything above this is not one. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** Finding codes `readInstallStatus` can put in `problems` (the install is usable, but look at this). */
export type InstallFindingCode = 'duplicate-key' | 'region-mismatch' | 'cloud-communication-off';

/** What the app shows about an install. Never contains the installation key or other secrets. */
export interface InstallStatus extends InstallLocation {
  installationId: string | null;
  /** Whether `globalSettings__installation__key` has a value; the key itself is never returned. */
  installationKeyPresent: boolean;
  cloudRegion: CloudRegion | null;
  vaultUrl: string | null;
  /** True only when the value in effect is `true` (case-insensitive). */
  cloudCommunication: boolean;
  /** The value in effect as written, or `null` when the key is absent. */
  cloudCommunicationRaw: string | null;
  installationIdentityUri: string | null;
  installationApiUri: string | null;
  pushRelayUri: string | null;
  /** `adminSettings__admins` split on commas, trimmed, empty entries dropped. */
  adminEmails: string[];
  /** File names under `bwdata/core/licenses/organization/`. */
  licenseFiles: string[];
  envFileOwner: { uid: number; gid: number; mode: number };
  problems: Problem<InstallFindingCode>[];
}

/** The env file as read, with the exact bytes (needed for the changed-during-edit check). */
export interface LoadedEnvFile {
  location: InstallLocation;
  bytes: Uint8Array;
  text: string;
  document: EnvDocument;
}

/** Reads and decodes the env file. Throws the public unusable-input CoreErrors. */
export async function loadEnvFile(host: Host, dir: string): Promise<LoadedEnvFile> {
  const location = await locateInstall(host, dir);
  const bytes = await readInstallFile(host, location.envFilePath, location.bwdataPath);
  const text = decodeEnvText(bytes, location.envFilePath);
  return { location, bytes, text, document: parseEnv(text) };
}

export async function readInstallFile(host: Host, target: string, bwdataPath: string): Promise<Uint8Array> {
  try {
    return await host.readFile(target, { maxBytes: MAX_ENV_FILE_BYTES });
  } catch (error) {
    throw installErrorFrom(error, target, bwdataPath);
  }
}

/**
 * Reads what the app needs to know about an install without changing anything.
 *
 * @param dir the install folder (holding bitwarden.sh and bwdata/) or bwdata/ itself.
 * @throws CoreError with outcome `unusable-input`: `not-found`, `not-an-install`, `not-a-file`,
 *   `permission-denied` (details.command is the CLI command to copy), `not-text`, `too-large`.
 * @returns the status; findings (`duplicate-key`, `region-mismatch`, `cloud-communication-off`) are in `problems`.
 */
export async function readInstallStatus(installHost: Host, dir: string): Promise<InstallStatus> {
  const host = await readAheadInstall(installHost, dir, MAX_ENV_FILE_BYTES);
  const { location, document } = await loadEnvFile(host, dir);
  const value = (key: string) => lookupEnv(document, key)?.value ?? null;
  const nonEmpty = (key: string) => {
    const found = value(key);
    return found === null || found.trim() === '' ? null : found.trim();
  };

  const cloudRegion = parseRegion(value(ENV_KEYS.cloudRegion) ?? undefined);
  const cloudCommunicationRaw = value(ENV_KEYS.enableCloudCommunication);
  const cloudCommunication = cloudCommunicationRaw?.trim().toLowerCase() === 'true';

  const problems = collectFindings(document);

  return {
    ...location,
    installationId: nonEmpty(ENV_KEYS.installationId),
    installationKeyPresent: nonEmpty(ENV_KEYS.installationKey) !== null,
    cloudRegion,
    vaultUrl: nonEmpty(ENV_KEYS.vaultUrl),
    cloudCommunication,
    cloudCommunicationRaw,
    installationIdentityUri: nonEmpty(ENV_KEYS.identityUri),
    installationApiUri: nonEmpty(ENV_KEYS.apiUri),
    pushRelayUri: nonEmpty(ENV_KEYS.pushRelayUri),
    adminEmails: (value(ENV_KEYS.admins) ?? '')
      .split(',')
      .map((email) => email.trim())
      .filter((email) => email !== ''),
    licenseFiles: await listLicenseFiles(host, location),
    envFileOwner: await ownerOf(host, location),
    problems,
  };
}

/** The findings about an env file's content (see {@link InstallFindingCode}). */
export function collectFindings(document: EnvDocument): Problem<InstallFindingCode>[] {
  const cloudRegion = parseRegion(lookupEnv(document, ENV_KEYS.cloudRegion)?.value);
  const cloudCommunicationRaw = lookupEnv(document, ENV_KEYS.enableCloudCommunication)?.value ?? null;
  const problems: Problem<InstallFindingCode>[] = [];
  for (const duplicate of findDuplicateKeys(document)) {
    const lines = duplicate.lineNumbers;
    problems.push({
      code: 'duplicate-key',
      message: `${duplicate.key} is set on lines ${lines.join(', ')}; Bitwarden uses the last one (line ${lines[lines.length - 1]}). Editing sets all of them.`,
    });
  }
  for (const mismatch of findRegionMismatches(document, cloudRegion)) {
    problems.push({ code: 'region-mismatch', message: mismatch.message });
  }
  if (cloudCommunicationRaw?.trim().toLowerCase() !== 'true') {
    problems.push({
      code: 'cloud-communication-off',
      message:
        cloudCommunicationRaw === null
          ? `${ENV_KEYS.enableCloudCommunication} is not set, so the server never syncs sponsorships with the cloud. Enable cloud communication.`
          : `${ENV_KEYS.enableCloudCommunication} is "${cloudCommunicationRaw}", not true, so the server never syncs sponsorships with the cloud. Enable cloud communication.`,
    });
  }
  return problems;
}

export interface RegionMismatch {
  key: string;
  value: string;
  /** The value for the install's own region. */
  expected: string;
  message: string;
}

/** URIs that point at the other cloud region than `cloudRegion` (nothing when the region is unknown). */
export function findRegionMismatches(document: EnvDocument, cloudRegion: CloudRegion | null): RegionMismatch[] {
  if (cloudRegion === null) return [];
  const expected = REGION_URIS[cloudRegion];
  const checks: Array<[string, string]> = [
    [ENV_KEYS.identityUri, expected.identity],
    [ENV_KEYS.apiUri, expected.api],
    [ENV_KEYS.pushRelayUri, expected.push],
  ];
  const mismatches: RegionMismatch[] = [];
  for (const [key, wanted] of checks) {
    const current = lookupEnv(document, key)?.value.trim();
    if (!current) continue;
    const region = regionOfUri(current);
    if (region !== null && region !== cloudRegion) {
      mismatches.push({
        key,
        value: current,
        expected: wanted,
        message: `${key} is ${current} (${region} cloud) but the install's cloud region is ${cloudRegion}; it should be ${wanted}. Billing sync would fail with "Invalid installation id".`,
      });
    }
  }
  return mismatches;
}

async function listLicenseFiles(host: Host, location: InstallLocation): Promise<string[]> {
  const folder = hostPath(host).join(location.bwdataPath, 'core', 'licenses', 'organization');
  try {
    const entries = await host.list(folder);
    return entries.filter((entry) => entry.kind === 'file' || entry.kind === 'symlink').map((entry) => entry.name);
  } catch (error) {
    if ((error as { code?: string }).code === 'not-found') return [];
    throw installErrorFrom(error, folder, location.bwdataPath);
  }
}

async function ownerOf(host: Host, location: InstallLocation): Promise<InstallStatus['envFileOwner']> {
  try {
    const real = await host.resolveLinks(location.envFilePath);
    const stat = await host.stat(real);
    if (!stat) throw new CoreError('not-found', `${location.envFilePath} disappeared while it was read.`, 'unusable-input');
    return { uid: stat.uid, gid: stat.gid, mode: stat.mode };
  } catch (error) {
    throw installErrorFrom(error, location.envFilePath, location.bwdataPath);
  }
}

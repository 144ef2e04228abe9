/**
 * Which Bitwarden cloud region knows an installation ID (`InstallationsController.cs`): both answer anonymous
 * `GET /installations/{id}`; the region that does not know it answers 404. Contacts the cloud, so it
 * runs only when the admin asks.
 */
import { randomUUID } from 'node:crypto';
import { CoreError, GUID_PATTERN } from '../shared';
import { CLOUD_ENDPOINTS, createVaultClient, deviceTypeFor, type BitwardenClientName, type CloudRegion, type VaultEndpoints } from '../vault-api';

const REGIONS: CloudRegion[] = ['US', 'EU'];

/** What one region answered. */
export type RegionAnswer =
  | { region: CloudRegion; outcome: 'known'; enabled: boolean }
  | { region: CloudRegion; outcome: 'unknown' }
  | { region: CloudRegion; outcome: 'error'; code: string; message: string };

export interface InstallationRegionResult {
  installationId: string;
  answers: RegionAnswer[];
  /** The region that knows the ID; null when neither does (or neither could be asked). */
  knownIn: CloudRegion | null;
  /** Whether the knowing region reports it enabled; null when unknown. */
  enabled: boolean | null;
  /** One plain sentence for the admin. */
  message: string;
}

/** The one call this module needs, so tests can substitute a fake. */
export interface InstallationLookupClient {
  getInstallation(installationId: string): Promise<{ id: string; enabled: boolean } | null>;
  close(): Promise<void>;
}

export interface FindInstallationRegionOptions {
  /** Test seam: where each region's API is (default api.bitwarden.com / api.bitwarden.eu). */
  endpoints?: Partial<Record<CloudRegion, VaultEndpoints>>;
  /** Extra trusted root (PEM), for the loopback stand-in in tests. */
  extraCaPem?: string;
  /** Per-request budget (default 10 s); both regions are asked at once. */
  timeoutMs?: number;
  /** Test seam: how to make a client for a region. */
  clientFactory?: (region: CloudRegion, endpoints: VaultEndpoints) => InstallationLookupClient;
  /** `Bitwarden-Client-Name` of the asking surface: `desktop` (the default) or `cli`. */
  clientName?: BitwardenClientName;
  log?: (line: string) => void;
}

function defaultClientFactory(options: FindInstallationRegionOptions) {
  return (region: CloudRegion, endpoints: VaultEndpoints): InstallationLookupClient =>
    createVaultClient({
      role: 'cloud',
      endpoints,
      // Anonymous call: no sign-in, so the device fields are never sent; they only satisfy the client's shape.
      device: { type: deviceTypeFor(options.clientName ?? 'desktop'), identifier: randomUUID(), name: 'Sponsorship Setup' },
      clientName: options.clientName ?? 'desktop',
      timeoutMs: options.timeoutMs ?? 10_000,
      maxRetries: 1,
      extraCaPem: options.extraCaPem,
      log: options.log,
    });
}

/** Asks both regions at once; never throws for a network failure (it becomes that region's `error` answer). */
export async function findInstallationRegion(installationId: string, options: FindInstallationRegionOptions = {}): Promise<InstallationRegionResult> {
  const id = installationId.trim().toLowerCase();
  if (!GUID_PATTERN.test(id)) {
    throw new CoreError('invalid-installation-id', `"${installationId}" is not an installation ID (a GUID like 7d6f3c8e-1111-4a2b-9c3d-123456789abc).`, 'unusable-input');
  }
  const factory = options.clientFactory ?? defaultClientFactory(options);
  const answers = await Promise.all(
    REGIONS.map(async (region): Promise<RegionAnswer> => {
      const endpoints = options.endpoints?.[region] ?? CLOUD_ENDPOINTS[region];
      let client: InstallationLookupClient | undefined;
      try {
        client = factory(region, endpoints);
        const found = await client.getInstallation(id);
        return found ? { region, outcome: 'known', enabled: found.enabled } : { region, outcome: 'unknown' };
      } catch (error) {
        const code = error instanceof CoreError ? error.code : 'unexpected';
        return { region, outcome: 'error', code, message: error instanceof Error ? error.message : String(error) };
      } finally {
        await client?.close().catch(() => {});
      }
    }),
  );
  const known = answers.find((answer): answer is Extract<RegionAnswer, { outcome: 'known' }> => answer.outcome === 'known');
  const failed = answers.filter((answer) => answer.outcome === 'error');
  options.log?.(`[license-transfer] installation region lookup: ${answers.map((a) => `${a.region}=${a.outcome}`).join(', ')}`);
  return {
    installationId: id,
    answers,
    knownIn: known?.region ?? null,
    enabled: known ? known.enabled : null,
    message: describe(known, failed),
  };
}

function describe(known: Extract<RegionAnswer, { outcome: 'known' }> | undefined, failed: RegionAnswer[]): string {
  const host = (region: CloudRegion) => (region === 'EU' ? 'bitwarden.eu' : 'bitwarden.com');
  if (known) {
    const state = known.enabled
      ? 'and it is enabled'
      : 'but it is DISABLED there, so license downloads fail with "Invalid installation id"; contact Bitwarden support or get a new installation ID';
    return `The ${known.region} cloud (${host(known.region)}) knows this installation ID, ${state}. Download the license from the ${known.region} web vault.`;
  }
  if (failed.length > 0) {
    return `Could not ask ${failed.map((a) => `${a.region} (${a.outcome === 'error' ? a.message : ''})`).join(' and ')}; ${failed.length === 2 ? 'check the connection to the cloud (Firewall check step)' : 'the other region does not know this ID'}.`;
  }
  return 'Neither the US nor the EU cloud knows this installation ID. Check it against bwdata/env/global.override.env, or get one at bitwarden.com/host.';
}

/**
 * Plain words when the installation's region and the cloud connection's region differ: the usual
 * cause of "Invalid installation id" on download (`GetCloudOrganizationLicenseQuery.cs`).
 */
export function regionMismatchNote(knownIn: CloudRegion | null, connectionRegion: CloudRegion | null | undefined): string | null {
  if (!knownIn || !connectionRegion || knownIn === connectionRegion) return null;
  return (
    `This installation ID is registered in the ${knownIn} region, but the cloud connection is to the ${connectionRegion} region. ` +
    `The ${connectionRegion} cloud will answer "Invalid installation id". Download from the ${knownIn} vault, or use an installation ID from the organization's region.`
  );
}

export interface InstallationRegionCheck extends InstallationRegionResult {
  /** The saved cloud connection's region, when it is US or EU. */
  connectionRegion: CloudRegion | null;
  /** Set when the installation is known in another region than the cloud connection's. */
  mismatch: string | null;
}

/**
 * The region check the app's button and `license region` both run: which region knows the ID, and
 * whether that is the region of the saved cloud connection.
 */
export async function checkInstallationRegion(
  installationId: string,
  settings: { load(): Promise<{ servers: { cloud?: { region?: string } | undefined } }> },
  options: FindInstallationRegionOptions = {},
): Promise<InstallationRegionCheck> {
  const result = await findInstallationRegion(installationId, options);
  const region = (await settings.load()).servers.cloud?.region;
  const connectionRegion = region === 'US' || region === 'EU' ? region : null;
  return { ...result, connectionRegion, mismatch: regionMismatchNote(result.knownIn, connectionRegion) };
}

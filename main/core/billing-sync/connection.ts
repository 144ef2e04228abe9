import { CoreError } from '../shared';
import { isApiError, type BillingSyncConnection, type VaultClient } from '../vault-api';
import { readSyncError } from './server-words';
import { checkOrganizationId, TOKEN_NOT_CHECKED_AT_SAVE } from './token';

export interface SavedConnection {
  action: 'created' | 'updated';
  connectionId: string;
  selfHostedOrgId: string;
  enabled: boolean;
  /** Set by the server from the uploaded license (`license.Id`). */
  cloudOrganizationId: string | null;
  /** Always the same reminder: the server did not check the token. */
  note: string;
}

export interface BillingSyncStatus {
  selfHostedOrgId: string;
  /** `GET /organizations/connections/enabled`: the running server is self-hosted with cloud communication on. */
  cloudCommunication: boolean;
  connection: {
    id: string;
    enabled: boolean;
    cloudOrganizationId: string | null;
    /** Whether the saved config holds a token (the token itself is never returned). */
    tokenSet: boolean;
    lastLicenseSync: string | null;
  } | null;
  /** Last successful sponsorship sync recorded by the server, or null when none ever happened. */
  lastSyncDate: string | null;
}

/** The exact web-vault steps, for an admin who saves the token by hand (no self-hosted sign-in here). */
export function webVaultSaveSteps(vaultUrl: string | null): string[] {
  return [
    `Open the self-hosted web vault${vaultUrl ? ` (${vaultUrl})` : ''} and sign in as an Owner of the organization.`,
    'Open the organization in the Admin Console, then Billing › Subscription.',
    'Choose "Manage Billing Sync" (or "Set up billing sync"), paste the billing sync token and save.',
    TOKEN_NOT_CHECKED_AT_SAVE,
  ];
}

/**
 * Saves the billing sync token on the self-hosted server (`src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`): checks that the server runs
 * with cloud communication, then creates or updates the organization's one CloudBillingSync connection.
 */
export async function saveBillingSyncConnection(input: {
  self: VaultClient;
  selfHostedOrgId: string;
  token: string;
  log?: (line: string) => void;
}): Promise<SavedConnection> {
  const orgId = checkOrganizationId(input.selfHostedOrgId, 'The self-hosted organization id');
  await requireCloudCommunication(input.self);
  const existing = await input.self.getBillingSyncConnection(orgId).catch((error: unknown) => {
    throw serverWordsError(error);
  });
  let saved: BillingSyncConnection;
  try {
    saved = existing
      ? await input.self.updateBillingSyncConnection(existing.id, orgId, input.token, true)
      : await input.self.createBillingSyncConnection(orgId, input.token, true);
  } catch (error) {
    throw mapSaveError(error);
  }
  input.log?.(`[billing-sync] ${existing ? 'updated' : 'created'} the billing sync connection ${saved.id} of organization ${orgId}`);
  return {
    action: existing ? 'updated' : 'created',
    connectionId: saved.id,
    selfHostedOrgId: orgId,
    enabled: saved.enabled,
    cloudOrganizationId: saved.cloudOrganizationId ?? null,
    note: TOKEN_NOT_CHECKED_AT_SAVE,
  };
}

/** What the server says about the organization's billing sync; never includes the token. */
export async function readBillingSyncStatus(self: VaultClient, selfHostedOrgId: string): Promise<BillingSyncStatus> {
  const orgId = checkOrganizationId(selfHostedOrgId, 'The self-hosted organization id');
  let cloudCommunication: boolean, connection: BillingSyncConnection | null, sync: { lastSyncDate: string | null };
  try {
    [cloudCommunication, connection, sync] = await Promise.all([self.connectionsEnabled(), self.getBillingSyncConnection(orgId), self.getSponsorshipSyncStatus(orgId)]);
  } catch (error) {
    throw serverWordsError(error);
  }
  const key = connection ? configValue(connection.config, 'BillingSyncKey') : undefined;
  return {
    selfHostedOrgId: orgId,
    cloudCommunication,
    connection: connection
      ? {
          id: connection.id,
          enabled: connection.enabled,
          cloudOrganizationId: connection.cloudOrganizationId ?? null,
          tokenSet: typeof key === 'string' && key.trim() !== '',
          lastLicenseSync: connection.lastLicenseSync ?? null,
        }
      : null,
    lastSyncDate: sync.lastSyncDate,
  };
}

/**
 * The yearly license renewal the billing sync connection allows: the server pulls its license from the
 * cloud (`POST /organizations/licenses/self-hosted/{id}/sync`). Returns the server's LastLicenseSync.
 * @throws CoreError `license-sync-failed` with `details`: `step` that fixes it, `reason` (a stable code),
 *   `serverMessage` verbatim, and `alsoCheck` / `offerFreshToken` where they apply.
 */
/** The two calls of the self-hosted API that a license sync and its verification make. */
export type LicenseSyncServer = Pick<VaultClient, 'syncLicense' | 'getBillingSyncConnection'>;

export async function renewLicenseThroughSync(self: LicenseSyncServer, selfHostedOrgId: string, log?: (line: string) => void): Promise<{ lastLicenseSync: string | null }> {
  const orgId = checkOrganizationId(selfHostedOrgId, 'The self-hosted organization id');
  try {
    await self.syncLicense(orgId);
  } catch (error) {
    throw licenseSyncError(error);
  }
  const connection = await self.getBillingSyncConnection(orgId);
  log?.(`[billing-sync] renewed the license of organization ${orgId} through billing sync`);
  return { lastLicenseSync: connection?.lastLicenseSync ?? null };
}

/** The server's words on a failed license sync, read into the step that fixes it (server-words.ts). */
function licenseSyncError(error: unknown): unknown {
  const reading = readSyncError(error);
  if (reading) {
    const words = reading.serverMessage ? `The server said: "${reading.serverMessage}" — ` : '';
    return new CoreError('license-sync-failed', `The license sync failed. ${words}${reading.explanation}`, 'problem', {
      step: reading.step,
      reason: reading.code,
      explanation: reading.explanation,
      serverMessage: reading.serverMessage,
      alsoCheck: reading.alsoCheck,
      offerFreshToken: reading.offerFreshToken ?? false,
    });
  }
  if (isApiError(error) && error.code === 'vault-rejected') {
    const words = error.serverMessage ?? '';
    return new CoreError('license-sync-failed', `The license sync failed: ${words || error.message}`, 'problem', {
      step: 'license',
      reason: 'license-sync-refused',
      explanation: "The server refused the license it got from the cloud. Check the organization's license (License step) and the server's logs.",
      serverMessage: error.serverMessage ?? null,
      offerFreshToken: false,
    });
  }
  return error;
}

async function requireCloudCommunication(self: VaultClient): Promise<void> {
  if (await self.connectionsEnabled()) return;
  throw new CoreError(
    'cloud-communication-inactive',
    'The self-hosted server is not running with cloud communication, so it refuses billing sync connections. ' +
      'Go back to the Cloud communication step: set globalSettings__enableCloudCommunication=true and apply it (restart), then save again.',
    'problem',
    { step: 'cloud-communication' },
  );
}

function mapSaveError(error: unknown): unknown {
  if (isApiError(error) && /cannot verify license file/i.test(error.serverMessage ?? '')) {
    return new CoreError(
      'license-not-verified',
      'The server said "Cannot verify license file.": upload the license first (License step). The organization\'s license on this server is missing, damaged or does not verify.',
      'problem',
      { step: 'license', serverMessage: error.serverMessage ?? null },
    );
  }
  return serverWordsError(error);
}

/**
 * Any other billing sync text of the server, read into the step that fixes it; the server's words stay
 * verbatim in the message and in `details.serverMessage`. Anything else passes unchanged.
 */
function serverWordsError(error: unknown): unknown {
  const reading = readSyncError(error);
  if (!reading || !isApiError(error)) return error;
  const words = reading.serverMessage ? `The server said: "${reading.serverMessage}" — ` : '';
  return new CoreError(reading.code, `${words}${reading.explanation}`, 'problem', {
    step: reading.step,
    serverMessage: reading.serverMessage,
    status: error.status,
    operation: error.info.operation,
    alsoCheck: reading.alsoCheck,
  });
}

function configValue(config: Record<string, unknown>, name: string): unknown {
  return Object.entries(config).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

import { CoreError } from '../shared';
import { isApiError, type VaultClient } from '../vault-api';
import type { SettingsStore } from '../settings';
import { renewLicenseThroughSync, type LicenseSyncServer } from './connection';
import { rememberWizardValues, verifiedValues } from './remember';
import { sponsorshipSyncInfo } from './sync-verify-wording';
import { readSyncError, type SyncFixStep } from './server-words';
import { checkOrganizationId } from './token';

export type LicenseSyncVerification =
  | {
      verified: true;
      selfHostedOrgId: string;
      /** The server's new LastLicenseSync (its local time as it writes it). */
      lastLicenseSync: string;
      /** The value before, or null when the server had never synced the license. */
      previousLicenseSync: string | null;
    }
  | {
      verified: false;
      selfHostedOrgId: string;
      /** The server's own words, verbatim; null when it said nothing we could read. */
      serverMessage: string | null;
      step: SyncFixStep;
      alsoCheck?: SyncFixStep;
      /** Offer a fresh billing sync token from the cloud. */
      offerFreshToken: boolean;
      error: { code: string; message: string };
    };

/**
 * Proves, before any sponsorship exists, that the server reaches the cloud with the right token: the
 * license sync travels the same way as the sponsorship sync (the api container, the installation's
 * identity, the saved billing sync token; `SelfHostedOrganizationLicensesController.SyncLicenseAsync`).
 * Reads `LastLicenseSync`, syncs, reads it again and requires a different value. The value is the
 * server's local time: compared as written, never against this machine's clock.
 */
export async function verifyThroughLicenseSync(self: LicenseSyncServer, selfHostedOrgId: string, log?: (line: string) => void): Promise<LicenseSyncVerification> {
  const orgId = checkOrganizationId(selfHostedOrgId, 'The self-hosted organization id');
  try {
    const before = (await self.getBillingSyncConnection(orgId))?.lastLicenseSync ?? null;
    const after = (await renewLicenseThroughSync(self, orgId, log)).lastLicenseSync;
    if (after !== null && after !== before) {
      log?.(`[billing-sync] verified: the server synced its license from the cloud (LastLicenseSync ${before ?? 'never'} → ${after})`);
      return { verified: true, selfHostedOrgId: orgId, lastLicenseSync: after, previousLicenseSync: before };
    }
    return failure(orgId, null, {
      code: 'license-sync-not-recorded',
      step: 'license',
      explanation: `The server answered the license sync without recording it (LastLicenseSync stayed ${before ?? 'empty'}). Check the organization's license on the server (License step) and its logs, then verify again.`,
    });
  } catch (error) {
    const reading = readThrownStep(error) ?? readSyncError(error) ?? readCoreStep(error);
    if (!reading) throw error;
    log?.(`[billing-sync] license sync failed [${reading.code}, step ${reading.step}]${reading.serverMessage ? `: ${reading.serverMessage}` : ''}`);
    return failure(orgId, reading.serverMessage, reading);
  }
}

function failure(
  selfHostedOrgId: string,
  serverMessage: string | null,
  reading: { code: string; step: SyncFixStep; alsoCheck?: SyncFixStep; offerFreshToken?: boolean; explanation: string },
): LicenseSyncVerification {
  const message = serverMessage ? `The server said: "${serverMessage}" — ${reading.explanation}` : reading.explanation;
  return {
    verified: false,
    selfHostedOrgId,
    serverMessage,
    step: reading.step,
    alsoCheck: reading.alsoCheck,
    offerFreshToken: reading.offerFreshToken ?? false,
    error: { code: reading.code, message },
  };
}

/** renewLicenseThroughSync's CoreError already carries the step and the server's words. */
function readThrownStep(error: unknown): { code: string; step: SyncFixStep; alsoCheck?: SyncFixStep; offerFreshToken?: boolean; explanation: string; serverMessage: string | null } | null {
  if (!(error instanceof CoreError) || error.code !== 'license-sync-failed' || !error.details) return null;
  const d = error.details;
  const serverMessage = typeof d['serverMessage'] === 'string' ? d['serverMessage'] : null;
  return {
    code: typeof d['reason'] === 'string' ? d['reason'] : 'license-sync-failed',
    step: d['step'] as SyncFixStep,
    ...(typeof d['alsoCheck'] === 'string' ? { alsoCheck: d['alsoCheck'] as SyncFixStep } : {}),
    offerFreshToken: d['offerFreshToken'] === true,
    explanation: typeof d['explanation'] === 'string' ? d['explanation'] : error.message,
    serverMessage,
  };
}

/** Failures with no server words of their own: our call to the self-hosted server, or a license refusal. */
function readCoreStep(error: unknown): { code: string; step: SyncFixStep; explanation: string; serverMessage: string | null } | null {
  if (!isApiError(error)) return null;
  const serverMessage = error.serverMessage ?? null;
  switch (error.code) {
    case 'vault-timeout':
      // The server's own calls to the cloud hang when a firewall drops them; ours times out first.
      return {
        code: 'license-sync-timeout',
        step: 'firewall',
        serverMessage,
        explanation: 'The self-hosted server did not finish the license sync in time: its calls to the cloud probably hang at a firewall that drops them. Run the Firewall check from the server.',
      };
    case 'vault-unreachable':
    case 'vault-tls-untrusted':
    case 'vault-unauthorized':
    case 'vault-sign-in-failed':
      return { code: error.code, step: 'connect', serverMessage, explanation: `${error.message} Check the self-hosted server's address and sign-in (Connect step).` };
    case 'vault-rejected':
    case 'vault-server-error':
      return {
        code: 'license-sync-refused',
        step: 'license',
        serverMessage,
        explanation: "The server refused the license it got from the cloud, or failed applying it. Check the organization's license (License step) and the server's logs.",
      };
    default:
      return null;
  }
}

export type RecordedVerification = LicenseSyncVerification & {
  /** The sponsorship sync, as information beside the verification (null when it could not be read). */
  sponsorshipSync: { lastSyncDate: string | null; info: string } | null;
};

/**
 * The whole Sync & verify action for one call (the CLI command, one IPC channel): verifies, records the
 * evidence the report reads (the same for the app and the CLI), and says where the sponsorship sync stands.
 */
export async function verifyAndRecord(input: { self: VaultClient; settings: SettingsStore; selfHostedOrgId: string; log?: (line: string) => void; now?: () => Date }): Promise<RecordedVerification> {
  const result = await verifyThroughLicenseSync(input.self, input.selfHostedOrgId, input.log);
  await rememberWizardValues(input.settings, verifiedValues(result, input.now?.() ?? new Date()));
  let sponsorshipSync: RecordedVerification['sponsorshipSync'] = null;
  try {
    const lastSyncDate = (await input.self.getSponsorshipSyncStatus(result.selfHostedOrgId)).lastSyncDate;
    sponsorshipSync = { lastSyncDate, info: sponsorshipSyncInfo(lastSyncDate) };
  } catch {
    // Information only: a failed read does not change the verification.
  }
  return { ...result, sponsorshipSync };
}

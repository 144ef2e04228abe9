import { isApiError } from '../vault-api';

/**
 * What the self-hosted server's billing sync and license sync answers mean, and which wizard step fixes
 * each. The server's words always travel verbatim beside our explanation. Texts from
 * `src/Api/Controllers/SelfHosted/SelfHostedOrganizationLicensesController.cs` (`SyncLicenseAsync`),
 * `src/Core/Billing/Organizations/Queries/GetSelfHostedOrganizationLicenseQuery.cs` and
 * `src/Core/Entities/OrganizationConnection.cs` (`Validate`).
 */
export type SyncFixStep = 'billing-sync' | 'cloud-communication' | 'firewall' | 'license' | 'connect';

export interface ServerWordsReading {
  /** Stable code for scripts (`--json` `error.code`). */
  code: string;
  /** The step that fixes it. */
  step: SyncFixStep;
  /** A second place to look when the server's words fit two causes (the token or the route to the cloud). */
  alsoCheck?: SyncFixStep;
  /** Offer to get a fresh billing sync token from the cloud. */
  offerFreshToken?: boolean;
  /** Our explanation and what to do, in plain words (the server's own text is kept apart). */
  explanation: string;
}

/** GetSelfHostedOrganizationLicenseQuery: every failure of the server's call to the cloud gives this one text. */
export const CLOUD_CALL_FAILED_PATTERN = /an error has occurred\.\s*check your internet connection and ensure the billing token is correct/i;
/** SyncLicenseAsync: no CloudBillingSync connection saved for the organization (a 404 with this message). */
export const NO_CONNECTION_PATTERN = /unable to get cloud billing sync connection/i;

const TOKEN_OR_ROUTE =
  'The self-hosted server could not get its license from the Bitwarden cloud. Either the billing sync token saved on the server is wrong or was rotated since ' +
  '(get a fresh token in the Billing sync step and save it again), or the server has no route to the cloud: its api container must reach ' +
  'identity.bitwarden.com and api.bitwarden.com (or .eu) over HTTPS, so run the Firewall check from the server itself.';

/** Reads one server text; null when it is not one of the billing sync texts. */
export function readSyncServerWords(serverMessage: string | undefined, status = 0): ServerWordsReading | null {
  const words = (serverMessage ?? '').trim();
  if (CLOUD_CALL_FAILED_PATTERN.test(words)) {
    return { code: 'cloud-license-sync-failed', step: 'billing-sync', alsoCheck: 'firewall', offerFreshToken: true, explanation: TOKEN_OR_ROUTE };
  }
  if (NO_CONNECTION_PATTERN.test(words)) {
    return {
      code: 'billing-sync-not-saved',
      step: 'billing-sync',
      explanation: 'No billing sync connection is saved on the self-hosted server for this organization. Save the billing sync token on the server (Billing sync step), then verify again.',
    };
  }
  if (/cloud communication is disabled in global settings/i.test(words)) {
    return {
      code: 'cloud-communication-inactive',
      step: 'cloud-communication',
      explanation:
        'The self-hosted server runs without cloud communication. Set globalSettings__enableCloudCommunication=true and apply it with a restart (Cloud communication step), then verify again.',
    };
  }
  if (/connection disabled for organization/i.test(words)) {
    return { code: 'billing-sync-disabled', step: 'billing-sync', explanation: 'The billing sync connection on the server is disabled. Save the token again with the connection enabled (Billing sync step).' };
  }
  if (/failed to get billing sync key|no saved connection config|error parsing connection config/i.test(words)) {
    return { code: 'billing-sync-token-missing', step: 'billing-sync', offerFreshToken: true, explanation: 'The server has a billing sync connection but no usable token in it. Save the billing sync token again (Billing sync step).' };
  }
  if (/invalid billing sync key/i.test(words)) {
    return { code: 'billing-sync-token-rejected', step: 'billing-sync', offerFreshToken: true, explanation: 'The cloud refused the billing sync token: it is wrong or was rotated. Get a fresh token and save it on the server (Billing sync step).' };
  }
  if (/you do not have permission/i.test(words)) {
    // OrganizationConnectionsController: non-owners get 400 with this text, not a 404.
    return { code: 'not-an-owner', step: 'connect', explanation: 'The signed-in account is not an Owner of this organization on the self-hosted server. Sign in as an Owner (Connect step).' };
  }
  if (/only available for self-hosted/i.test(words)) {
    return { code: 'not-self-hosted', step: 'connect', explanation: 'This server is not a self-hosted Bitwarden server. Sign in to your own self-hosted vault (Connect step).' };
  }
  if (status === 404) {
    return {
      code: 'organization-not-found',
      step: 'connect',
      explanation: 'The self-hosted server answers "not found": the signed-in account is not an Owner of this organization, or the organization id is wrong. Sign in as an Owner (Connect step) and check the id.',
    };
  }
  return null;
}

/** The same reading for an error thrown by the vault client (null for anything else). */
export function readSyncError(error: unknown): (ServerWordsReading & { serverMessage: string | null }) | null {
  if (!isApiError(error)) return null;
  const reading = readSyncServerWords(error.serverMessage, error.status);
  return reading ? { ...reading, serverMessage: error.serverMessage ?? null } : null;
}

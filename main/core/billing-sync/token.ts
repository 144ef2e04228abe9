import { billingSyncAccount, type SecretStore } from '../secrets';
import { CoreError, GUID_PATTERN } from '../shared';
import { isApiError, type SecretVerification, type VaultClient } from '../vault-api';

/** `src/Api/AdminConsole/Controllers/OrganizationsController.cs`: the cloud answers a 30-character random string. */
export const BILLING_SYNC_TOKEN_LENGTH = 30;

/** Shown before a rotation and in the CLI help: the cloud compares keys with plain equality. */
export const ROTATE_WARNING =
  'Rotating makes a new billing sync token and the old one stops working at once, for every self-hosted installation that uses it. ' +
  'Save the new token on each of those servers right after rotating.';

/** Said wherever the token is saved: the self-hosted server does not ask the cloud at save time (`src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`). */
export const TOKEN_NOT_CHECKED_AT_SAVE =
  'The self-hosted server does not check the token against the cloud when saving it: a wrong or rotated token only shows at the first sync.';

/** How the owner proves it is them. The password or code is used for one request and not kept. */
export type TokenVerification = { kind: 'master-password'; masterPassword: string } | { kind: 'otp'; code: string };

export interface TokenStatus {
  cloudOrgId: string;
  /** Whether the cloud organization already has a billing sync key (no password needed to ask). */
  existsInCloud: boolean;
  cloudRevisionDate?: string;
  /** Whether a token for this organization is kept on this machine. */
  storedLocally: boolean;
  /** Where it is kept: the OS keychain, or memory for this session only. */
  storage: 'keychain' | 'memory';
}

export interface TokenKept {
  cloudOrgId: string;
  /** How the token got here. */
  source: 'cloud' | 'cloud-rotated' | 'pasted';
  storage: 'keychain' | 'memory';
  /** Masked form for display (never the token). */
  masked: string;
  revisionDate?: string;
  /** Shape notes on a pasted token (it is kept anyway). */
  warnings: string[];
}

/** Dots for all but the last four characters: enough to tell two tokens apart, not enough to use one. */
export function maskToken(token: string): string {
  const visible = token.length > 12 ? token.slice(-4) : '';
  return `${'•'.repeat(Math.max(8, token.length - visible.length))}${visible}`;
}

/** Organization ids are GUIDs; anything else is a typo we refuse before any request (exit 2). */
export function checkOrganizationId(value: string, what: string): string {
  const id = value.trim();
  if (!GUID_PATTERN.test(id)) throw new CoreError('invalid-organization-id', `${what} must be an organization id (a GUID), got "${value.slice(0, 60)}".`, 'unusable-input');
  return id.toLowerCase();
}

/**
 * Checks a pasted token just enough to catch a wrong paste (empty, several words, a whole file);
 * a token of another length is kept with a warning, since Bitwarden could change the format.
 */
export function checkPastedToken(text: string): { token: string; warnings: string[] } {
  const token = text.trim();
  if (!token) throw new CoreError('token-empty', 'The pasted billing sync token is empty.', 'unusable-input');
  if (/\s/.test(token)) throw new CoreError('token-malformed', 'The pasted text contains spaces or line breaks; a billing sync token is one word. Paste only the token.', 'unusable-input');
  if (token.length > 200) throw new CoreError('token-malformed', `The pasted text is ${token.length} characters long; a billing sync token has ${BILLING_SYNC_TOKEN_LENGTH}.`, 'unusable-input');
  if (/[^\x21-\x7e]/.test(token)) throw new CoreError('token-malformed', 'The pasted text contains characters a billing sync token never has.', 'unusable-input');
  const warnings: string[] = [];
  if (token.length !== BILLING_SYNC_TOKEN_LENGTH || !/^[A-Za-z0-9]+$/.test(token)) {
    warnings.push(`Bitwarden's billing sync tokens are ${BILLING_SYNC_TOKEN_LENGTH} letters and digits; this one has ${token.length} characters. It was kept, but check that it is the whole token.`);
  }
  return { token, warnings };
}

export async function readTokenStatus(cloud: VaultClient, secrets: SecretStore, cloudOrgId: string): Promise<TokenStatus> {
  const id = checkOrganizationId(cloudOrgId, 'The cloud organization id');
  const [info, stored] = await Promise.all([mapTokenErrors(() => cloud.getBillingSyncKeyInformation(id)), secrets.get(billingSyncAccount(id))]);
  return {
    cloudOrgId: id,
    existsInCloud: info.exists,
    cloudRevisionDate: info.revisionDate || undefined,
    storedLocally: stored !== null,
    storage: secrets.persistent ? 'keychain' : 'memory',
  };
}

/**
 * Gets the billing sync token from the cloud (creating it if the organization has none) or, with
 * `rotate`, replaces it; keeps it in the SecretStore. The password reaches only the KDF and the one
 * request; the caller should drop its own reference right after.
 */
export async function fetchToken(input: {
  cloud: VaultClient;
  secrets: SecretStore;
  cloudOrgId: string;
  verification: TokenVerification;
  rotate?: boolean;
  log?: (line: string) => void;
}): Promise<TokenKept> {
  const id = checkOrganizationId(input.cloudOrgId, 'The cloud organization id');
  const verification = input.verification;
  if (verification.kind === 'master-password' && !verification.masterPassword) throw new CoreError('master-password-empty', 'The master password is empty.', 'unusable-input');
  if (verification.kind === 'otp' && !/^\s*\S{4,20}\s*$/.test(verification.code)) throw new CoreError('otp-malformed', 'Enter the one-time code from the e-mail.', 'unusable-input');
  const proof: SecretVerification = await mapTokenErrors(async () =>
    verification.kind === 'master-password' ? input.cloud.verificationFromMasterPassword(verification.masterPassword) : { otp: verification.code.trim() },
  );
  const result = await mapTokenErrors(() => (input.rotate ? input.cloud.rotateBillingSyncKey(id, proof) : input.cloud.getOrCreateBillingSyncKey(id, proof)));
  await input.secrets.set(billingSyncAccount(id), result.apiKey);
  input.log?.(`[billing-sync] ${input.rotate ? 'rotated' : 'got'} the billing sync token for cloud organization ${id}; kept in ${input.secrets.persistent ? 'the keychain' : 'memory'}`);
  return {
    cloudOrgId: id,
    source: input.rotate ? 'cloud-rotated' : 'cloud',
    storage: input.secrets.persistent ? 'keychain' : 'memory',
    masked: maskToken(result.apiKey),
    revisionDate: result.revisionDate || undefined,
    warnings: [],
  };
}

/** Sends the one-time code by e-mail to the signed-in cloud account (owners without a master password). */
export async function requestTokenOtp(cloud: VaultClient): Promise<void> {
  await mapTokenErrors(() => cloud.requestOtp());
}

/** The offline path: a token generated elsewhere, carried over and pasted. */
export async function pasteToken(secrets: SecretStore, cloudOrgId: string, text: string, log?: (line: string) => void): Promise<TokenKept> {
  const id = checkOrganizationId(cloudOrgId, 'The cloud organization id');
  const { token, warnings } = checkPastedToken(text);
  await secrets.set(billingSyncAccount(id), token);
  log?.(`[billing-sync] kept a pasted billing sync token for cloud organization ${id}`);
  return { cloudOrgId: id, source: 'pasted', storage: secrets.persistent ? 'keychain' : 'memory', masked: maskToken(token), warnings };
}

/** The kept token, for saving it on the server or an explicit reveal/copy. */
export async function readStoredToken(secrets: SecretStore, cloudOrgId: string): Promise<string | null> {
  return secrets.get(billingSyncAccount(checkOrganizationId(cloudOrgId, 'The cloud organization id')));
}

export async function requireStoredToken(secrets: SecretStore, cloudOrgId: string): Promise<string> {
  const token = await readStoredToken(secrets, cloudOrgId);
  if (!token) {
    throw new CoreError(
      'token-not-stored',
      `No billing sync token is kept for cloud organization ${cloudOrgId}${secrets.persistent ? '' : ' (no keychain: tokens are kept only while the app runs)'}. Get it from the cloud or paste it first (sponsorship-setup billing-sync token --org ${cloudOrgId}).`,
      'unusable-input',
    );
  }
  return token;
}

/** Accounts `billing-sync:<cloudOrgId>` kept in the store: the cloud organizations with a token here. */
export async function storedTokenOrganizations(secrets: SecretStore): Promise<string[]> {
  return (await secrets.list()).filter((account) => account.startsWith('billing-sync:')).map((account) => account.slice('billing-sync:'.length));
}

/** Turns the cloud's answers into the admin's words. */
async function mapTokenErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isApiError(error)) {
      const words = error.serverMessage ?? '';
      if (error.code === 'vault-rejected' && /invalid password|masterpasswordhash|otp|invalid.*(code|token)/i.test(words)) {
        throw new CoreError(
          'verification-rejected',
          `The cloud refused the verification: ${words || 'wrong master password or code'}. Check the master password of the signed-in cloud account (or request a new one-time code) and try again.`,
          'unusable-input',
        );
      }
      if (error.code === 'vault-not-found') {
        throw new CoreError(
          'billing-sync-unavailable',
          'The cloud answered "not found": the signed-in account must be an Owner of this organization, and the organization must be on a Teams or Enterprise plan, to have a billing sync token. Check the organization id.',
          'problem',
        );
      }
    }
    throw error;
  }
}

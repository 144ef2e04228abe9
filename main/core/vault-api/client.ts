import { Blob } from 'node:buffer';
import { FormData, Response as UndiciResponse } from 'undici';
import type { z } from 'zod';
import { ApiError, readServerError } from './api-error';
import { clientIdentityHeaders, type BitwardenClientName, type DeviceInfo } from './client-identity';
import { normaliseEndpoints, SERVER_ROLE_TITLES, type ServerRole, type VaultEndpoints } from './endpoints';
import { checkKdfBounds, deriveMasterPasswordHash, deriveMasterPasswordHashWithSalt, parsePrelogin, type PreloginResult } from './kdf';
import {
  apiKeyInformationSchema,
  apiKeySchema,
  connectionSchema,
  installationSchema,
  ORGANIZATION_USER_TYPE_NAMES,
  organizationSchema,
  organizationSubscriptionSchema,
  profileSchema,
  syncStatusSchema,
  tokenSchema,
} from './schemas';
import type { ApiRouteKind, RouteTaken } from './api-route';
import { Transport, type HttpRequest, type TransportOptions } from './transport';
import { SERVER_UPLOAD_REQUEST_LIMIT_BYTES } from '../license/license-limits';

export interface VaultClientOptions extends TransportOptions {
  role: ServerRole;
  endpoints: VaultEndpoints;
  device: DeviceInfo;
  /** `Bitwarden-Client-Name`: `desktop` from the app, `cli` from the CLI (passed in by each entry point). */
  clientName: BitwardenClientName;
  /** Renew the access token this long before it expires (default 60 s, at most half its lifetime). */
  renewBeforeExpiryMs?: number;
  now?: () => number;
}

export interface ApiKeyCredentials {
  /** `user.<guid>` from the web vault (Settings → Security → Keys). */
  clientId: string;
  clientSecret: string;
}

export interface OrganizationMembership {
  id: string;
  name: string;
  /** OrganizationUserType (src/Core/Enums/OrganizationUserType.cs): 0 Owner, 1 Admin, 2 User, 4 Custom (3 no longer exists). */
  type: number;
  role: string;
  isOwner: boolean;
}

export interface Profile {
  id: string;
  email: string;
  name?: string;
  organizations: OrganizationMembership[];
}

/** How the owner proves it is them for billing-sync key routes (SecretVerificationRequestModel). */
export type SecretVerification = { masterPasswordHash: string } | { otp: string };

export interface ApiKeyResult {
  apiKey: string;
  revisionDate?: string;
}

export interface BillingSyncConnection {
  id: string;
  organizationId: string;
  enabled: boolean;
  /** The config as the server returns it (PascalCase keys: BillingSyncKey, CloudOrganizationId, LastLicenseSync). */
  config: Record<string, unknown>;
  cloudOrganizationId?: string;
  lastLicenseSync?: string;
}

export interface DownloadedLicense {
  /** The body exactly as sent, to be uploaded unchanged. */
  text: string;
  json: Record<string, unknown>;
}

export const BILLING_SYNC_API_KEY_TYPE = 1;
export const CLOUD_BILLING_SYNC_CONNECTION_TYPE = 1;

/**
 * One signed-in conversation with one Bitwarden server. The access token and the API key secret live
 * only in this object's memory (the secret is needed to renew: client_credentials has no refresh token).
 */
export class VaultClient {
  readonly role: ServerRole;
  readonly endpoints: VaultEndpoints;
  private readonly transport: Transport;
  private readonly device: DeviceInfo;
  private readonly clientName: BitwardenClientName;
  private readonly now: () => number;
  private readonly renewBeforeExpiryMs: number;
  private credentials: ApiKeyCredentials | undefined;
  private token: { value: string; expiresAt: number; lifetimeMs: number } | undefined;
  private renewing: Promise<void> | undefined;
  private profileEmail: string | undefined;

  constructor(options: VaultClientOptions) {
    this.role = options.role;
    this.endpoints = normaliseEndpoints(options.endpoints);
    this.device = options.device;
    this.clientName = options.clientName;
    this.now = options.now ?? Date.now;
    this.renewBeforeExpiryMs = options.renewBeforeExpiryMs ?? 60_000;
    this.transport = new Transport(options);
  }

  async close(): Promise<void> {
    this.credentials = undefined;
    this.token = undefined;
    await this.transport.close();
  }

  get signedIn(): boolean {
    return this.credentials !== undefined;
  }

  /** The route this client's connections take. */
  get routeKind(): ApiRouteKind {
    return this.transport.routeKind;
  }

  /** How the last request went (route and proxy or server), for "Reached through …". */
  get routeTaken(): RouteTaken | undefined {
    return this.transport.lastRouteTaken;
  }

  // ---------- identity: connect/token, prelogin, profile ----------

  /** Signs in with a personal API key and keeps the token in memory. Throws `vault-sign-in-failed` when refused. */
  async signIn(credentials: ApiKeyCredentials): Promise<void> {
    this.credentials = { clientId: credentials.clientId.trim(), clientSecret: credentials.clientSecret.trim() };
    this.token = undefined;
    try {
      await this.renewToken();
    } catch (error) {
      this.credentials = undefined;
      throw error;
    }
  }

  signOut(): void {
    this.credentials = undefined;
    this.token = undefined;
    this.profileEmail = undefined;
  }

  private async renewToken(): Promise<void> {
    if (!this.renewing) {
      this.renewing = this.requestToken().finally(() => {
        this.renewing = undefined;
      });
    }
    await this.renewing;
  }

  private async requestToken(): Promise<void> {
    const credentials = this.credentials;
    if (!credentials) throw notSignedIn(this.role);
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'api',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      deviceType: String(this.device.type),
      deviceIdentifier: this.device.identifier,
      deviceName: this.device.name,
    });
    const operation = 'POST /connect/token';
    const response = await this.transport.send({
      method: 'POST',
      url: `${this.endpoints.identityUrl}/connect/token`,
      operation,
      // Device-Type repeats the form's deviceType, as Bitwarden's clients send it on token requests.
      headers: { ...this.baseHeaders(), 'Device-Type': String(this.device.type), 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: form,
    });
    if (response.status < 200 || response.status >= 300) {
      const server = readServerError(response.text);
      if (response.status >= 500) throw httpError(response.status, operation, response.text);
      const hint =
        server.serverError === 'invalid_client'
          ? 'The client_id or client_secret of the personal API key is wrong, or the key was rotated. Copy both again from the web vault (Settings → Security → Keys → View API key).'
          : server.serverError === 'version_header_missing' || server.serverError === 'invalid_client_version'
            ? 'The server refused this tool’s client version.'
            : 'The server refused the sign-in.';
      throw new ApiError('vault-sign-in-failed', withServerWords(`Sign-in to the ${roleName(this.role)} failed. ${hint}`, server.serverMessage), {
        status: response.status,
        operation,
        ...server,
      });
    }
    const token = parseBody(tokenSchema, response.text, operation);
    const lifetimeMs = token.expires_in * 1000;
    this.token = { value: token.access_token, expiresAt: this.now() + lifetimeMs, lifetimeMs };
  }

  private async accessToken(): Promise<string> {
    if (!this.credentials) throw notSignedIn(this.role);
    const margin = this.token ? Math.min(this.renewBeforeExpiryMs, this.token.lifetimeMs / 2) : 0;
    if (!this.token || this.now() >= this.token.expiresAt - margin) await this.renewToken();
    if (!this.token) throw notSignedIn(this.role);
    return this.token.value;
  }

  /** `POST {identity}/accounts/prelogin` (anonymous). */
  async prelogin(email: string): Promise<PreloginResult> {
    const operation = 'POST /accounts/prelogin';
    const response = await this.transport.send({
      method: 'POST',
      url: `${this.endpoints.identityUrl}/accounts/prelogin`,
      operation,
      headers: { ...this.baseHeaders(), 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ email }),
    });
    ensureOk(response.status, operation, response.text);
    try {
      const result = parsePrelogin(JSON.parse(response.text));
      checkKdfBounds(result.kdf);
      return result;
    } catch (error) {
      throw new ApiError('vault-bad-response', `${operation}: unexpected KDF settings (${(error as Error).message}).`, { status: response.status, operation });
    }
  }

  /**
   * Turns the master password into `{ masterPasswordHash }` for the signed-in account: reads the e-mail from
   * the profile, asks prelogin for the KDF, derives. The password is used for this call only and not kept.
   */
  async verificationFromMasterPassword(masterPassword: string): Promise<SecretVerification> {
    const email = this.profileEmail ?? (await this.getProfile()).email;
    const { kdf, salt } = await this.prelogin(email);
    // The server's salt when it sends one (Bitwarden is separating salt from e-mail); the e-mail otherwise.
    const masterPasswordHash = salt ? await deriveMasterPasswordHashWithSalt(masterPassword, salt, kdf) : await deriveMasterPasswordHash(masterPassword, email, kdf);
    return { masterPasswordHash };
  }

  // ---------- anonymous API ----------

  /** `GET /alive` — true when the API answers 2xx. */
  async alive(): Promise<boolean> {
    const response = await this.transport.send({ method: 'GET', url: `${this.endpoints.apiUrl}/alive`, operation: 'GET /alive', headers: this.baseHeaders() });
    return response.status >= 200 && response.status < 300;
  }

  /**
   * `src/Api/Platform/Installations/Controllers/InstallationsController.cs`: anonymous `GET /installations/{id}` → `{id, key:null, enabled}`; `null` when this region
   * does not know the id (404), which is how a tool tells US from EU.
   */
  async getInstallation(installationId: string): Promise<{ id: string; enabled: boolean } | null> {
    const operation = 'GET /installations/{id}';
    const response = await this.transport.send({
      method: 'GET',
      url: `${this.endpoints.apiUrl}/installations/${encodeURIComponent(installationId)}`,
      operation,
      headers: this.baseHeaders(),
    });
    if (response.status === 404) return null;
    ensureOk(response.status, operation, response.text);
    const body = parseBody(installationSchema, response.text, operation);
    return { id: body.id, enabled: body.enabled };
  }

  // ---------- account ----------

  /** `GET /accounts/profile` with each organization's role. */
  async getProfile(): Promise<Profile> {
    const body = await this.authedJson(profileSchema, { method: 'GET', path: '/accounts/profile', operation: 'GET /accounts/profile' });
    this.profileEmail = body.email;
    return {
      id: body.id,
      email: body.email,
      name: body.name || undefined,
      organizations: body.organizations.map((org) => ({
        id: org.id,
        name: org.name ?? '',
        type: org.type,
        role: ORGANIZATION_USER_TYPE_NAMES[org.type] ?? `Type ${org.type}`,
        isOwner: org.type === 0,
      })),
    };
  }

  /** `POST /accounts/request-otp`: e-mails a one-time code, for accounts without a master password (AccountsController). */
  async requestOtp(): Promise<void> {
    await this.authed({ method: 'POST', path: '/accounts/request-otp', operation: 'POST /accounts/request-otp' });
  }

  // ---------- licenses (`src/Api/Billing/Controllers/OrganizationsController.cs`, `SelfHostedOrganizationLicensesController.cs`) ----------

  /** Cloud: `GET /organizations/{cloudOrgId}/license?installationId=` — Owner only (404 otherwise). */
  async downloadLicense(cloudOrgId: string, installationId: string): Promise<DownloadedLicense> {
    const operation = 'GET /organizations/{id}/license';
    const text = await this.authed({
      method: 'GET',
      path: `/organizations/${enc(cloudOrgId)}/license?installationId=${enc(installationId)}`,
      operation,
    });
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!json || typeof json !== 'object' || Array.isArray(json)) {
      throw new ApiError('vault-bad-response', `${operation}: the server did not send a license file.`, { status: 200, operation });
    }
    return { text, json: json as Record<string, unknown> };
  }

  /** Self-hosted: `POST /organizations/licenses/self-hosted/{orgId}`, multipart field `license`. */
  async uploadLicense(selfHostedOrgId: string, licenseText: string): Promise<void> {
    const operation = 'POST /organizations/licenses/self-hosted/{id}';
    const size = await multipartSize(rebuildLicenseForm(licenseText));
    if (size > SERVER_UPLOAD_REQUEST_LIMIT_BYTES) {
      throw new ApiError(
        'license-too-large',
        `The license upload would be ${size} bytes; the server refuses requests over ${SERVER_UPLOAD_REQUEST_LIMIT_BYTES} bytes. Is this really a Bitwarden organization license?`,
        { status: 0, operation },
      );
    }
    await this.authed({ method: 'POST', path: `/organizations/licenses/self-hosted/${enc(selfHostedOrgId)}`, operation, body: () => rebuildLicenseForm(licenseText) });
  }

  /** Self-hosted: `POST /organizations/licenses/self-hosted/{orgId}/sync` (needs a billing sync connection). */
  async syncLicense(selfHostedOrgId: string): Promise<void> {
    await this.authed({
      method: 'POST',
      path: `/organizations/licenses/self-hosted/${enc(selfHostedOrgId)}/sync`,
      operation: 'POST /organizations/licenses/self-hosted/{id}/sync',
      timeoutMs: 60_000,
    });
  }

  /** `GET /organizations/{id}` (Owner only). */
  async getOrganization(organizationId: string): Promise<z.infer<typeof organizationSchema>> {
    return this.authedJson(organizationSchema, { method: 'GET', path: `/organizations/${enc(organizationId)}`, operation: 'GET /organizations/{id}' });
  }

  /**
   * `GET /organizations/{id}/subscription`: on a self-hosted server it answers from the license file
   * (expiration, expirationWithoutGracePeriod) — what the web vault's self-hosted billing page shows,
   * and how we confirm an upload took effect.
   */
  async getOrganizationSubscription(organizationId: string): Promise<z.infer<typeof organizationSubscriptionSchema>> {
    return this.authedJson(organizationSubscriptionSchema, {
      method: 'GET',
      path: `/organizations/${enc(organizationId)}/subscription`,
      operation: 'GET /organizations/{id}/subscription',
    });
  }

  // ---------- billing sync token, cloud (`src/Api/AdminConsole/Controllers/OrganizationsController.cs`) ----------

  /** `GET /organizations/{id}/api-key-information/1`: does a billing sync key exist (no password needed)? */
  async getBillingSyncKeyInformation(cloudOrgId: string): Promise<{ exists: boolean; revisionDate?: string }> {
    const body = await this.authedJson(apiKeyInformationSchema, {
      method: 'GET',
      path: `/organizations/${enc(cloudOrgId)}/api-key-information/${BILLING_SYNC_API_KEY_TYPE}`,
      operation: 'GET /organizations/{id}/api-key-information/1',
    });
    const key = body.data.find((k) => k.keyType === BILLING_SYNC_API_KEY_TYPE);
    return key ? { exists: true, revisionDate: key.revisionDate || undefined } : { exists: false };
  }

  /** `POST /organizations/{id}/api-key` {type:1, …}: returns (creating if needed) the billing sync token. */
  async getOrCreateBillingSyncKey(cloudOrgId: string, verification: SecretVerification): Promise<ApiKeyResult> {
    return this.billingSyncKeyCall('api-key', cloudOrgId, verification);
  }

  /** `POST /organizations/{id}/rotate-api-key` {type:1, …}: the old token stops working at once. */
  async rotateBillingSyncKey(cloudOrgId: string, verification: SecretVerification): Promise<ApiKeyResult> {
    return this.billingSyncKeyCall('rotate-api-key', cloudOrgId, verification);
  }

  private async billingSyncKeyCall(route: 'api-key' | 'rotate-api-key', cloudOrgId: string, verification: SecretVerification): Promise<ApiKeyResult> {
    const body = await this.authedJson(apiKeySchema, {
      method: 'POST',
      path: `/organizations/${enc(cloudOrgId)}/${route}`,
      operation: `POST /organizations/{id}/${route}`,
      json: { type: BILLING_SYNC_API_KEY_TYPE, ...verification },
    });
    return { apiKey: body.apiKey, revisionDate: body.revisionDate || undefined };
  }

  // ---------- self-hosted connections (`src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`) ----------

  /** `GET /organizations/connections/enabled`: SelfHosted && EnableCloudCommunication. */
  async connectionsEnabled(): Promise<boolean> {
    const text = await this.authed({ method: 'GET', path: '/organizations/connections/enabled', operation: 'GET /organizations/connections/enabled' });
    const value = text.trim().toLowerCase();
    if (value !== 'true' && value !== 'false') {
      throw new ApiError('vault-bad-response', 'GET /organizations/connections/enabled: expected true or false.', { status: 200, operation: 'GET /organizations/connections/enabled' });
    }
    return value === 'true';
  }

  /** `GET /organizations/connections/{orgId}/1`; `null` when the org has no billing sync connection. */
  async getBillingSyncConnection(selfHostedOrgId: string): Promise<BillingSyncConnection | null> {
    const body = await this.authedJson(connectionSchema, {
      method: 'GET',
      path: `/organizations/connections/${enc(selfHostedOrgId)}/${CLOUD_BILLING_SYNC_CONNECTION_TYPE}`,
      operation: 'GET /organizations/connections/{orgId}/1',
    });
    return toConnection(body);
  }

  /** `POST /organizations/connections`: stores the billing sync token (the server checks the license, not the token). */
  async createBillingSyncConnection(selfHostedOrgId: string, billingSyncKey: string, enabled = true): Promise<BillingSyncConnection> {
    const body = await this.authedJson(connectionSchema, {
      method: 'POST',
      path: '/organizations/connections',
      operation: 'POST /organizations/connections',
      json: connectionBody(selfHostedOrgId, billingSyncKey, enabled),
    });
    return requireConnection(toConnection(body), 'POST /organizations/connections');
  }

  /** `PUT /organizations/connections/{connectionId}`. */
  async updateBillingSyncConnection(connectionId: string, selfHostedOrgId: string, billingSyncKey: string, enabled = true): Promise<BillingSyncConnection> {
    const body = await this.authedJson(connectionSchema, {
      method: 'PUT',
      path: `/organizations/connections/${enc(connectionId)}`,
      operation: 'PUT /organizations/connections/{id}',
      json: connectionBody(selfHostedOrgId, billingSyncKey, enabled),
    });
    return requireConnection(toConnection(body), 'PUT /organizations/connections/{id}');
  }

  /** `GET /organization/sponsorship/{orgId}/sync-status` → last successful sponsorship sync, if any. */
  async getSponsorshipSyncStatus(selfHostedOrgId: string): Promise<{ lastSyncDate: string | null }> {
    const body = await this.authedJson(syncStatusSchema, {
      method: 'GET',
      path: `/organization/sponsorship/${enc(selfHostedOrgId)}/sync-status`,
      operation: 'GET /organization/sponsorship/{id}/sync-status',
    });
    return { lastSyncDate: body.lastSyncDate ?? null };
  }

  // ---------- plumbing ----------

  private baseHeaders(): Record<string, string> {
    return { Accept: 'application/json', ...clientIdentityHeaders(this.clientName) };
  }

  private async authedJson<S extends z.ZodType>(schema: S, call: AuthedCall): Promise<z.infer<S>> {
    const text = await this.authed(call);
    return parseBody(schema, text, call.operation);
  }

  /** Sends with the bearer token; on 401 renews once and retries, then gives up with a clear error. */
  private async authed(call: AuthedCall): Promise<string> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.accessToken();
      const headers: Record<string, string> = { ...this.baseHeaders(), Authorization: `Bearer ${token}` };
      let body: HttpRequest['body'];
      if (call.json !== undefined) {
        headers['Content-Type'] = 'application/json; charset=utf-8';
        body = JSON.stringify(call.json);
      } else if (call.body) body = call.body();
      const response = await this.transport.send({
        method: call.method,
        url: `${this.endpoints.apiUrl}${call.path}`,
        operation: call.operation,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(call.timeoutMs ? { timeoutMs: call.timeoutMs } : {}),
      });
      if (response.status === 401 && attempt === 0) {
        this.token = undefined;
        await this.renewToken();
        continue;
      }
      if (response.status === 401) {
        throw new ApiError(
          'vault-unauthorized',
          withServerWords(`${call.operation}: the ${roleName(this.role)} refused our sign-in even after signing in again. Sign in again with a current personal API key.`, readServerError(response.text).serverMessage),
          { status: 401, operation: call.operation },
        );
      }
      ensureOk(response.status, call.operation, response.text);
      return response.text;
    }
  }
}

interface AuthedCall {
  method: HttpRequest['method'];
  path: string;
  operation: string;
  json?: unknown;
  /** Built per attempt: a FormData body cannot be sent twice. */
  body?: () => HttpRequest['body'];
  timeoutMs?: number;
}

function rebuildLicenseForm(licenseText: string): FormData {
  const form = new FormData();
  form.set('license', new Blob([licenseText], { type: 'application/json' }), 'bitwarden_organization_license.json');
  return form;
}

/** Exact size of the multipart body undici will send (boundary included). */
async function multipartSize(form: FormData): Promise<number> {
  // Static import: in the esbuild CLI bundle a dynamic import('undici') namespace lacks Response.
  const buffer = await new UndiciResponse(form).arrayBuffer();
  return buffer.byteLength;
}

function connectionBody(organizationId: string, billingSyncKey: string, enabled: boolean) {
  return { type: CLOUD_BILLING_SYNC_CONNECTION_TYPE, organizationId, enabled, config: { billingSyncKey } };
}

function toConnection(body: z.infer<typeof connectionSchema>): BillingSyncConnection | null {
  if (!body.id || !body.organizationId) return null;
  const config = body.config ?? {};
  const pick = (name: string) => {
    const entry = Object.entries(config).find(([key]) => key.toLowerCase() === name.toLowerCase());
    return typeof entry?.[1] === 'string' ? entry[1] : undefined;
  };
  const cloudOrganizationId = pick('CloudOrganizationId');
  const lastLicenseSync = pick('LastLicenseSync');
  return {
    id: body.id,
    organizationId: body.organizationId,
    enabled: body.enabled ?? false,
    config,
    cloudOrganizationId: cloudOrganizationId || undefined,
    lastLicenseSync: lastLicenseSync || undefined,
  };
}

function requireConnection(connection: BillingSyncConnection | null, operation: string): BillingSyncConnection {
  if (!connection) throw new ApiError('vault-bad-response', `${operation}: the server did not return the saved connection.`, { status: 200, operation });
  return connection;
}

function parseBody<S extends z.ZodType>(schema: S, text: string, operation: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ApiError('vault-bad-response', `${operation}: the server's answer is not JSON. Is this address really a Bitwarden server?`, { status: 200, operation });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new ApiError('vault-bad-response', `${operation}: the server's answer does not have the expected fields.`, { status: 200, operation });
  }
  return result.data;
}

function ensureOk(status: number, operation: string, text: string): void {
  if (status >= 200 && status < 300) return;
  throw httpError(status, operation, text);
}

function httpError(status: number, operation: string, text: string): ApiError {
  const server = readServerError(text);
  if (status === 404) {
    // SelfHostedOrganizationLicensesController.SyncLicenseAsync: a 404 that names what is missing, not who is asking.
    const noConnection = /unable to get cloud billing sync connection/i.test(server.serverMessage ?? '');
    const explanation = noConnection
      ? `${operation}: no billing sync connection is saved on the self-hosted server for this organization. Save the billing sync token on the server (Billing sync step).`
      : `${operation}: not found. Bitwarden also answers this way when the signed-in account is not an Owner of that organization, or the id is wrong.`;
    return new ApiError('vault-not-found', withServerWords(explanation, server.serverMessage), { status, operation, ...server });
  }
  if (status >= 500) {
    return new ApiError('vault-server-error', withServerWords(`${operation}: the server failed (HTTP ${status}). Its logs say more.`, server.serverMessage), { status, operation, ...server });
  }
  if (status >= 300 && status < 400) {
    return new ApiError('vault-bad-response', `${operation}: the server redirected (HTTP ${status}); check the server address.`, { status, operation });
  }
  return new ApiError('vault-rejected', withServerWords(`${operation}: the server refused the request (HTTP ${status}).`, server.serverMessage), { status, operation, ...server });
}

function withServerWords(message: string, serverMessage: string | undefined): string {
  return serverMessage ? `${message} The server said: "${serverMessage}"` : message;
}

function notSignedIn(role: ServerRole): ApiError {
  return new ApiError('vault-unauthorized', `Not signed in to the ${roleName(role)}.`, { status: 0, operation: 'sign-in' });
}

function roleName(role: ServerRole): string {
  return SERVER_ROLE_TITLES[role];
}

function enc(value: string): string {
  return encodeURIComponent(value);
}

export function createVaultClient(options: VaultClientOptions): VaultClient {
  return new VaultClient(options);
}

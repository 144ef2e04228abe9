import { request } from 'node:https';
import { field } from './license-check';
import { randomAlphanumeric, type StandInOrganization } from './state';

/**
 * The license sync as Bitwarden runs it, both ends:
 * - the self-hosted server (`src/Api/Controllers/SelfHosted/SelfHostedOrganizationLicensesController.cs`
 *   `SyncLicenseAsync`, `src/Core/Billing/Organizations/Queries/GetSelfHostedOrganizationLicenseQuery.cs`,
 *   `src/Core/Services/Implementations/BaseIdentityClientService.cs`) asks the cloud's identity for an
 *   installation token (scope `api.licensing`), then `GET licenses/organization/{cloudOrgId}` with a JSON
 *   body. Any failure on that way (no route, refused token, non-2xx) becomes one null and one text;
 * - the cloud (`src/Api/Billing/Controllers/LicensesController.cs` `OrganizationSync`,
 *   `src/Identity/IdentityServer/ClientProviders/InstallationClientProvider.cs`).
 */

/** `GetSelfHostedOrganizationLicenseQuery`: the one text for every failure of the call to the cloud. */
export const CLOUD_CALL_FAILED = 'An error has occurred. Check your internet connection and ensure the billing token is correct.';
/** `SelfHostedOrganizationLicensesController.SyncLicenseAsync`, as a NotFoundException. */
export const NO_BILLING_SYNC_CONNECTION = 'Unable to get Cloud Billing Sync connection';
export const CLOUD_COMMUNICATION_DISABLED = 'Cloud communication is disabled in global settings';

export interface ServerCloudRoute {
  /** `globalSettings__installation__identityUri` of the self-hosted install. */
  identityUri: string;
  /** `globalSettings__installation__apiUri`. */
  apiUri: string;
}

/** Installation tokens the cloud's identity issued: token → installation and scope. */
export type InstallationTokens = Map<string, { installationId: string; scope: string; expiresAt: number }>;

/** InstallationClientProvider: `installation.{id}` with the installation key; these scopes only. */
const INSTALLATION_SCOPES = new Set(['api.push', 'api.licensing', 'api.installation']);

/**
 * The cloud identity's answer to an installation's client_credentials request, or undefined when the
 * client is not an installation (then the caller handles users). Refusals are OAuth `invalid_client` / `invalid_scope`.
 */
export function installationTokenAnswer(
  form: URLSearchParams,
  installations: { enabled: (id: string) => boolean | undefined; key: (id: string) => string | undefined },
  tokens: InstallationTokens,
  lifetimeSeconds: number,
): { status: number; body: Record<string, unknown> } | undefined {
  const clientId = form.get('client_id') ?? '';
  const match = /^installation\.([0-9a-f-]{36})$/i.exec(clientId);
  if (!match) return undefined;
  const id = match[1]!.toLowerCase();
  if (form.get('grant_type') !== 'client_credentials' || installations.enabled(id) !== true || installations.key(id) !== form.get('client_secret')) {
    return { status: 400, body: { error: 'invalid_client' } };
  }
  const scope = form.get('scope') ?? '';
  if (!INSTALLATION_SCOPES.has(scope)) return { status: 400, body: { error: 'invalid_scope' } };
  const token = randomAlphanumeric(48);
  tokens.set(token, { installationId: id, scope, expiresAt: Date.now() + lifetimeSeconds * 1000 });
  return { status: 200, body: { access_token: token, expires_in: lifetimeSeconds, token_type: 'Bearer', scope } };
}

/**
 * The cloud's `GET /licenses/organization/{id}` (policy "Licensing": an installation token with scope
 * `api.licensing`): the organization, its license key, its billing sync key (plain equality,
 * `ValidateBillingSyncKeyCommand`), then the license for the token's installation.
 */
export async function organizationSyncAnswer(input: {
  authorization: string | undefined;
  tokens: InstallationTokens;
  organization: StandInOrganization | undefined;
  body: Record<string, unknown>;
  installationEnabled: (id: string) => boolean | undefined;
  issue: (installationId: string, organization: StandInOrganization) => Promise<Record<string, unknown>>;
  invalidKeyDelayMs: number;
}): Promise<{ status: number; body: unknown }> {
  const token = /^Bearer (.+)$/.exec(input.authorization ?? '')?.[1];
  const entry = token ? input.tokens.get(token) : undefined;
  if (!entry || entry.expiresAt <= Date.now()) return { status: 401, body: '' };
  if (entry.scope !== 'api.licensing') return { status: 403, body: '' };
  const o = input.organization;
  if (!o) return { status: 404, body: { message: 'Organization not found.', validationErrors: null, object: 'error' } };
  if (o.licenseKey !== field(input.body, 'licenseKey')) {
    if (input.invalidKeyDelayMs) await new Promise((resolve) => setTimeout(resolve, input.invalidKeyDelayMs));
    return { status: 400, body: { message: 'Invalid license key.', validationErrors: null, object: 'error' } };
  }
  const billingSyncKey = field(input.body, 'billingSyncKey');
  if (typeof billingSyncKey !== 'string' || o.apiKeys.get(1)?.apiKey !== billingSyncKey) {
    return { status: 400, body: { message: 'Invalid Billing Sync Key', validationErrors: null, object: 'error' } };
  }
  // GetCloudOrganizationLicenseQuery: the installation must be known and enabled in this region.
  if (input.installationEnabled(entry.installationId) !== true) return { status: 400, body: { message: 'Invalid installation id', validationErrors: null, object: 'error' } };
  if (!o.hasSubscription) return { status: 400, body: { message: 'No active subscription found.', validationErrors: null, object: 'error' } };
  return { status: 200, body: await input.issue(entry.installationId, o) };
}

/**
 * The self-hosted server's side: token from `identityUri`, then the license from `apiUri`. Returns the
 * license JSON, or null for every failure (as `BaseIdentityClientService.SendAsync` returns default).
 */
export async function pullLicenseFromCloud(input: {
  route: ServerCloudRoute;
  caPem: string;
  installation: { id: string; key: string };
  cloudOrganizationId: string;
  billingSyncKey: string;
  licenseKey: string;
  timeoutMs: number;
}): Promise<Record<string, unknown> | null> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api.licensing', client_id: `installation.${input.installation.id}`, client_secret: input.installation.key });
  const tokenAnswer = await call({ url: joinUri(input.route.identityUri, 'connect/token'), method: 'POST', contentType: 'application/x-www-form-urlencoded', body: form.toString(), caPem: input.caPem, timeoutMs: input.timeoutMs });
  const accessToken = tokenAnswer && tokenAnswer.status === 200 ? readJson(tokenAnswer.text)?.['access_token'] : undefined;
  if (typeof accessToken !== 'string') return null;
  // JsonContent.Create: web defaults, camelCase. A GET with a body, as the server sends it.
  const body = JSON.stringify({ billingSyncKey: input.billingSyncKey, licenseKey: input.licenseKey });
  const answer = await call({
    url: joinUri(input.route.apiUri, `licenses/organization/${input.cloudOrganizationId}`),
    method: 'GET',
    contentType: 'application/json; charset=utf-8',
    body,
    caPem: input.caPem,
    timeoutMs: input.timeoutMs,
    authorization: `Bearer ${accessToken}`,
  });
  if (!answer || answer.status < 200 || answer.status >= 300) return null;
  return readJson(answer.text) ?? null;
}

/**
 * `DateTime.Now` as System.Text.Json writes it into the connection's config: the server's local time
 * with its offset, fraction without trailing zeros (a DateTime of kind Local).
 */
export function dotnetLocalNow(offsetMinutes: number, now = new Date()): string {
  const local = new Date(now.getTime() + offsetMinutes * 60_000);
  const iso = local.toISOString(); // …T19:40:00.123Z
  const fraction = iso.slice(20, 23).replace(/0+$/, '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}${offset}`;
}

function joinUri(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

function readJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function call(input: { url: string; method: string; contentType: string; body: string; caPem: string; timeoutMs: number; authorization?: string }): Promise<{ status: number; text: string } | null> {
  return new Promise((resolve) => {
    let url: URL;
    try {
      url = new URL(input.url);
    } catch {
      return resolve(null);
    }
    const headers: Record<string, string | number> = { Accept: 'application/json', 'Content-Type': input.contentType, 'Content-Length': Buffer.byteLength(input.body) };
    if (input.authorization) headers['Authorization'] = input.authorization;
    const req = request(url, { method: input.method, headers, ca: input.caPem, timeout: input.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(null));
    req.end(input.body);
  });
}

import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Response as UndiciResponse } from 'undici';
import type { KdfConfig, VaultEndpoints } from '../../../main/core/vault-api';
import { createTestPki, type TestPki } from '../test-pki';
import { checkLicenseFields, field, unsignedLicense, type LicenseVerifier } from './license-check';
import {
  CLOUD_CALL_FAILED,
  CLOUD_COMMUNICATION_DISABLED,
  dotnetLocalNow,
  installationTokenAnswer,
  NO_BILLING_SYNC_CONNECTION,
  organizationSyncAnswer,
  pullLicenseFromCloud,
  type InstallationTokens,
  type ServerCloudRoute,
} from './license-sync';
import {
  isTeamsOrEnterprise,
  makeOrganization,
  makeUser,
  newRoleState,
  randomAlphanumeric,
  type Role,
  type RoleState,
  type StandInOrganization,
  type StandInUser,
} from './state';

/**
 * A loopback HTTPS server that plays Bitwarden cloud and a self-hosted install at once, following
 * Bitwarden's server source. Each route's comment names the source file it follows.
 *
 * Layout (one port): cloud API `/cloud/api`, cloud identity `/cloud/identity`; self-hosted vault `/self`
 * with `/self/api`, `/self/identity`, `/self/admin` (`util/Setup/Templates/NginxConfig.hbs`).
 */
export interface StandInOptions {
  /** Access token lifetime (`UserClientProvider.cs`: 1 h). Short values let tests exercise renewal. */
  tokenLifetimeSeconds?: number;
  /** The self-hosted install's `globalSettings__installation__id`. */
  installationId?: string;
  /** `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs` `connections/enabled`; default true. */
  enableCloudCommunication?: boolean;
  /** The server sleeps 2 s on a wrong password (`src/Api/AdminConsole/Controllers/OrganizationsController.cs`); tests usually want 0. */
  wrongPasswordDelayMs?: number;
  /** Judges uploads; default checks the `CanUse` field conditions only. */
  verifyLicense?: LicenseVerifier;
  /** Issues cloud license files; default `unsignedLicense`. */
  issueLicense?: (input: Parameters<typeof unsignedLicense>[0]) => Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Reuse a PKI (e.g. to share a CA); otherwise one is created and disposed with the server. */
  pki?: TestPki;
  /** The self-hosted server's local UTC offset in minutes, for `LastLicenseSync` (DateTime.Now); default 0. */
  serverUtcOffsetMinutes?: number;
  /**
   * Where to listen instead of 127.0.0.1, and the name its URLs use (in the certificate too): e.g. an address
   * only a network namespace reaches, under a name only that namespace resolves.
   */
  listen?: { address: string; name: string };
}

export interface Fault {
  method?: string;
  /** Tested against the path without query, e.g. `/cloud/api/accounts/profile`. */
  path?: RegExp;
  /** Respond with this status instead of running the route. */
  status?: number;
  retryAfter?: string;
  body?: string;
  /** Wait before answering (or before running the route when no status is set). */
  delayMs?: number;
  /** How many matching requests this applies to (default 1). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  /** Header names only: values can be tokens. */
  headerNames: string[];
  clientVersion?: string;
  clientName?: string;
  userAgent?: string;
  deviceType?: string;
}

export interface BitwardenStandIn {
  url: string;
  caPem: string;
  caFile: string;
  installationId: string;
  /** `https://127.0.0.1:<port>/self` — the self-hosted vault URL. */
  selfVaultUrl: string;
  endpoints(role: Role): VaultEndpoints;
  state: Record<Role, RoleState>;
  requests: RecordedRequest[];
  addUser(role: Role, input: { email: string; password: string; kdf?: KdfConfig; salt?: string }): Promise<StandInUser>;
  addOrganization(role: Role, input: { name: string; planType?: number; seats?: number | null; enabled?: boolean; hasSubscription?: boolean; owner?: StandInUser; members?: Array<{ user: StandInUser; type: number }> }): StandInOrganization;
  /** Installation ids the cloud region knows (`src/Api/Platform/Installations/Controllers/InstallationsController.cs`); `enabled: false` makes license downloads fail. */
  addInstallation(id: string, enabled?: boolean): void;
  /** A local sponsorship offer on a self-hosted org, so an admin-triggered sync records a date (`src/Api/Jobs/SelfHostedSponsorshipSyncJob.cs`). */
  addSponsorship(selfOrgId: string): void;
  /** The self-hosted install's `globalSettings__installation__key` (the cloud knows it once `addInstallation(installationId)`). */
  installationKey: string;
  /**
   * Where the self-hosted server reaches the cloud for the license sync (its installation URIs); default
   * the stand-in's own cloud. Point it at a closed port to play a server without a route to the cloud.
   */
  setServerCloudRoute(route: ServerCloudRoute): void;
  /** The admin portal cookie the stand-in accepts (`src/Admin/AdminConsole/Controllers/OrganizationsController.cs` admin cookie; login flow not modelled). */
  adminCookie: string;
  inject(fault: Fault): void;
  clearFaults(): void;
  /** Invalidates every issued access token, as if they had expired. */
  expireTokens(role?: Role): void;
  setTokenLifetime(seconds: number): void;
  close(): Promise<void>;
}

const HEX = '[0-9a-fA-F-]{36}';

export async function startBitwardenStandIn(options: StandInOptions = {}): Promise<BitwardenStandIn> {
  const ownPki = !options.pki;
  const pki = options.pki ?? (await createTestPki());
  const ca = await pki.createCa('Bitwarden Stand-in Test Root');
  const leaf = await pki.createLeaf(ca, { commonName: 'localhost', dnsNames: ['localhost', ...(options.listen ? [options.listen.name] : [])], ipAddresses: ['127.0.0.1', '::1'] });
  const caFile = path.join(pki.folder, `stand-in-ca-${randomUUID()}.pem`);
  await writeFile(caFile, ca.certPem);

  const state: Record<Role, RoleState> = { cloud: newRoleState(), self: newRoleState() };
  const installations = new Map<string, boolean>();
  const installationKeys = new Map<string, string>();
  const installationTokens: InstallationTokens = new Map();
  const faults: Array<Fault & { remaining: number }> = [];
  const requests: RecordedRequest[] = [];
  const installationId = options.installationId ?? randomUUID();
  const adminCookie = randomAlphanumeric(24);
  const installationKey = randomAlphanumeric(20);
  let serverCloudRoute: ServerCloudRoute | undefined;
  let tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const wrongPasswordDelayMs = options.wrongPasswordDelayMs ?? 0;
  const verifyLicense = options.verifyLicense ?? checkLicenseFields;
  const issueLicense = options.issueLicense ?? unsignedLicense;
  const enableCloudCommunication = options.enableCloudCommunication ?? true;
  let baseUrlValue = '';
  const baseUrl = () => baseUrlValue;

  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.chainPem }, (req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { message: 'An error has occurred.', object: 'error' });
      else res.destroy();
      // Surfaced in the test output; the stand-in must not hide its own bugs.
      console.error('[stand-in] route failed', error);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://stand-in');
    const method = (req.method ?? 'GET').toUpperCase();
    const pathname = url.pathname;
    res.on('finish', () => {
      requests.push({
        method,
        path: pathname,
        status: res.statusCode,
        headerNames: Object.keys(req.headers).sort(),
        ...(typeof req.headers['bitwarden-client-version'] === 'string' ? { clientVersion: req.headers['bitwarden-client-version'] } : {}),
        ...(typeof req.headers['bitwarden-client-name'] === 'string' ? { clientName: req.headers['bitwarden-client-name'] } : {}),
        ...(typeof req.headers['user-agent'] === 'string' ? { userAgent: req.headers['user-agent'] } : {}),
        ...(typeof req.headers['device-type'] === 'string' ? { deviceType: req.headers['device-type'] } : {}),
      });
    });
    const body = await readBody(req);

    const fault = faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.path || f.path.test(pathname)));
    if (fault) {
      fault.remaining -= 1;
      if (fault.delayMs) await sleep(fault.delayMs);
      if (fault.status) {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['Retry-After'] = fault.retryAfter;
        // AspNetCoreRateLimit's text for 429; a JSON error model for everything else.
        const text = fault.body ?? (fault.status === 429 ? 'API calls quota exceeded! maximum admitted 200 per 1m.' : JSON.stringify({ message: 'An error has occurred.', object: 'error' }));
        res.writeHead(fault.status, { 'Content-Type': fault.status === 429 ? 'text/plain' : 'application/json; charset=utf-8', ...headers });
        res.end(text);
        return;
      }
    }

    const match = /^\/(cloud|self)\/(api|identity|admin)(\/.*)?$/.exec(pathname);
    if (!match) return send(res, 404, '');
    const role = match[1] as Role;
    const part = match[2] as 'api' | 'identity' | 'admin';
    const route = match[3] ?? '/';
    const ctx: Ctx = { req, res, method, route, url, body, role, roleState: state[role] };
    if (part === 'identity') return identity(ctx);
    if (part === 'admin') return admin(ctx);
    return api(ctx);
  }

  interface Ctx {
    req: IncomingMessage;
    res: ServerResponse;
    method: string;
    route: string;
    url: URL;
    body: Buffer;
    role: Role;
    roleState: RoleState;
  }

  // ---------------- identity ----------------
  async function identity(ctx: Ctx): Promise<void> {
    const { method, route, res } = ctx;
    // `/alive` answers on every service.
    if (method === 'GET' && /^\/alive$/i.test(route)) return send(res, 200, new Date().toISOString());
    // Prelogin (`src/Identity/Controllers/AccountsController.cs`): `/accounts/prelogin` (alias `/accounts/prelogin/password`).
    if (method === 'POST' && /^\/accounts\/prelogin(\/password)?$/i.test(route)) {
      const email = String(field(jsonBody(ctx.body), 'email') ?? '').trim().toLowerCase();
      const user = [...ctx.roleState.users.values()].find((u) => u.email.toLowerCase() === email);
      // Unknown e-mails get deterministic fake values, not an error.
      const kdf: KdfConfig = user?.kdf ?? { type: 'pbkdf2', iterations: 600_000 };
      const kdfType = kdf.type === 'pbkdf2' ? 0 : 1;
      const memory = kdf.type === 'argon2id' ? kdf.memoryMiB : null;
      const parallelism = kdf.type === 'argon2id' ? kdf.parallelism : null;
      return send(res, 200, {
        kdf: kdfType,
        kdfIterations: kdf.iterations,
        kdfMemory: memory,
        kdfParallelism: parallelism,
        kdfSettings: { kdfType, iterations: kdf.iterations, memory, parallelism },
        // The account's salt (the e-mail unless Bitwarden's salt separation gave it another).
        salt: user?.salt ?? email,
      });
    }
    // Personal API key token: connect/token with client_credentials.
    if (method === 'POST' && /^\/connect\/token$/i.test(route)) {
      // The cloud's edge, in front of Bitwarden: token requests without a known client name and a numeric
      // Device-Type are reported refused with a plain-text Cloudflare page, before identity sees them.
      const form = new URLSearchParams(ctx.body.toString('utf8'));
      // Self-hosted servers' own installation token requests (BaseIdentityClientService) pass the edge
      // without the client headers, or no self-hosted server could sync.
      const fromInstallation = (form.get('client_id') ?? '').startsWith('installation.');
      if (ctx.role === 'cloud' && !fromInstallation && !identifiesAsBitwardenClient(ctx.req)) {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=UTF-8', Server: 'cloudflare' });
        return void res.end('error code: 1020');
      }
      const asInstallation =
        ctx.role === 'cloud'
          ? installationTokenAnswer(form, { enabled: (id) => installations.get(id), key: (id) => installationKeys.get(id) }, installationTokens, tokenLifetimeSeconds)
          : undefined;
      if (asInstallation) return send(res, asInstallation.status, asInstallation.body);
      const clientId = form.get('client_id') ?? '';
      const user = [...ctx.roleState.users.values()].find((u) => u.clientId === clientId);
      if (form.get('grant_type') !== 'client_credentials' || !user || form.get('client_secret') !== user.clientSecret) {
        return send(res, 400, { error: 'invalid_client' });
      }
      if (form.get('scope') !== 'api') return send(res, 400, { error: 'invalid_scope' });
      // ClientVersionValidator: the header is required.
      if (!ctx.req.headers['bitwarden-client-version']) {
        const text = 'No client version header found, required to prevent encryption errors. Please confirm your client is supplying the header: "Bitwarden-Client-Version"';
        return send(res, 400, { error: 'version_header_missing', error_description: text, ErrorModel: { Message: text, Object: 'error' } });
      }
      // DeviceValidator: all three device fields.
      if (!form.get('deviceType') || !form.get('deviceIdentifier') || !form.get('deviceName')) {
        return send(res, 400, {
          error: 'invalid_grant',
          error_description: 'No device information provided',
          ErrorModel: { Message: 'no device information provided', Object: 'error' },
        });
      }
      const token = randomAlphanumeric(48);
      ctx.roleState.tokens.set(token, { userId: user.id, expiresAt: Date.now() + tokenLifetimeSeconds * 1000 });
      return send(res, 200, { access_token: token, expires_in: tokenLifetimeSeconds, token_type: 'Bearer', scope: 'api', Kdf: user.kdf.type === 'pbkdf2' ? 0 : 1, KdfIterations: user.kdf.iterations });
    }
    return send(res, 404, '');
  }

  // ---------------- admin portal ----------------
  async function admin(ctx: Ctx): Promise<void> {
    const { res, route, method } = ctx;
    // `src/Admin/AdminConsole/Controllers/OrganizationsController.cs`: GET /admin/Organizations/TriggerBillingSync/{selfHostedOrgId}; MVC routes are case-insensitive.
    const trigger = new RegExp(`^/organizations/triggerbillingsync/(${HEX})$`, 'i').exec(route);
    if (ctx.role !== 'self' || method !== 'GET' || !trigger) return send(res, 404, '');
    if (!(ctx.req.headers.cookie ?? '').split(/;\s*/).includes(`bitwarden-admin=${adminCookie}`)) {
      res.writeHead(302, { Location: '/admin/login' });
      return void res.end();
    }
    const org = ctx.roleState.organizations.get(trigger[1]!.toLowerCase());
    if (!org) return send(res, 404, '');
    let message = 'Billing Synced!';
    if (!enableCloudCommunication) message = 'Failed to sync instance with cloud - Cloud communication is disabled in global settings';
    else if (!org.connection?.enabled) message = `Connection disabled for organization ${org.name}`;
    // `src/Api/Jobs/SelfHostedSponsorshipSyncJob.cs`: orgs with no local sponsorships return without calling the cloud, so nothing is recorded.
    else if (org.sponsorships > 0) org.lastSyncDate = new Date().toISOString();
    res.writeHead(302, { Location: `/admin/Organizations/View/${org.id}`, 'X-Stand-In-Message': message });
    res.end();
  }

  // ---------------- API ----------------
  async function api(ctx: Ctx): Promise<void> {
    const { res, route, method, roleState } = ctx;
    if (method === 'GET' && /^\/alive$/i.test(route)) return send(res, 200, new Date().toISOString());

    // `src/Api/Platform/Installations/Controllers/InstallationsController.cs`: anonymous GET /installations/{id} on the cloud.
    const installation = new RegExp(`^/installations/(${HEX})$`, 'i').exec(route);
    if (ctx.role === 'cloud' && method === 'GET' && installation) {
      const id = installation[1]!.toLowerCase();
      if (!installations.has(id)) return notFound(res);
      return send(res, 200, { id, key: null, enabled: installations.get(id), object: 'installation' });
    }
    // The cloud side of the license sync: an installation token, not a user's.
    const licenseSync = new RegExp(`^/licenses/organization/(${HEX})$`, 'i').exec(route);
    if (ctx.role === 'cloud' && method === 'GET' && licenseSync) {
      const answer = await organizationSyncAnswer({
        authorization: ctx.req.headers.authorization,
        tokens: installationTokens,
        organization: roleState.organizations.get(licenseSync[1]!.toLowerCase()),
        body: jsonBody(ctx.body),
        installationEnabled: (id) => installations.get(id),
        issue: (id, o) => Promise.resolve(issueLicense({ cloudOrgId: o.id, installationId: id, licenseKey: o.licenseKey, name: o.name, planType: o.planType, seats: o.seats, now: new Date() })),
        invalidKeyDelayMs: wrongPasswordDelayMs,
      });
      if (answer.status === 401) res.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
      return answer.status === 401 ? void res.end() : send(res, answer.status, answer.body);
    }

    const user = authenticate(ctx);
    if (!user) {
      res.writeHead(401, { 'WWW-Authenticate': 'Bearer' });
      return void res.end();
    }
    const isOwner = (orgId: string) => roleState.organizations.get(orgId.toLowerCase())?.members.get(user.id) === 0;
    const org = (orgId: string) => roleState.organizations.get(orgId.toLowerCase());
    let m: RegExpExecArray | null;

    // `src/Api/Auth/Controllers/AccountsController.cs`: GET /accounts/profile → organizations[] (id, name, type).
    if (method === 'GET' && /^\/accounts\/profile$/i.test(route)) {
      const organizations = [...roleState.organizations.values()]
        .filter((o) => o.members.has(user.id))
        .map((o) => ({ id: o.id, name: o.name, type: o.members.get(user.id), enabled: o.enabled, planProductType: 3, selfHost: ctx.role === 'self', object: 'profileOrganization' }));
      return send(res, 200, { id: user.id, name: null, email: user.email, emailVerified: true, premium: false, organizations, object: 'profile' });
    }
    // `src/Api/Auth/Controllers/AccountsController.cs` `request-otp`: e-mails a code; the stand-in keeps it on the user.
    if (method === 'POST' && /^\/accounts\/request-otp$/i.test(route)) {
      user.otp = String(100000 + Math.floor(Math.random() * 900000));
      return send(res, 200, '');
    }

    if (ctx.role === 'cloud') {
      // `src/Api/Billing/Controllers/OrganizationsController.cs`: GET /organizations/{cloudOrgId}/license?installationId= — Owner, otherwise 404.
      if (method === 'GET' && (m = new RegExp(`^/organizations/(${HEX})/license$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        const requested = (ctx.url.searchParams.get('installationId') ?? '').toLowerCase();
        // Cloud generation errors (`GetCloudOrganizationLicenseQuery.cs`).
        if (!installations.get(requested)) return badRequest(res, 'Invalid installation id');
        if (!o.hasSubscription) return badRequest(res, 'No active subscription found.');
        const license = await issueLicense({ cloudOrgId: o.id, installationId: requested, licenseKey: o.licenseKey, name: o.name, planType: o.planType, seats: o.seats, now: new Date() });
        return send(res, 200, license);
      }
      // `src/Api/AdminConsole/Controllers/OrganizationsController.cs`: POST /organizations/{id}/api-key and /rotate-api-key {type, masterPasswordHash | otp}.
      if (method === 'POST' && (m = new RegExp(`^/organizations/(${HEX})/(api-key|rotate-api-key)$`, 'i').exec(route))) {
        const o = org(m[1]!);
        const rotate = m[2]!.toLowerCase() === 'rotate-api-key';
        const model = jsonBody(ctx.body);
        const type = Number(field(model, 'type') ?? 0);
        if (!o || !isOwner(o.id)) return notFound(res);
        // Source: only api-key checks the product tier; rotate-api-key does not.
        if (!rotate && (type === 1 || type === 2) && !isTeamsOrEnterprise(o.planType)) return notFound(res);
        const key = o.apiKeys.get(type) ?? { apiKey: randomAlphanumeric(30), revisionDate: new Date().toISOString() };
        o.apiKeys.set(type, key);
        const hash = field(model, 'masterPasswordHash');
        const otp = field(model, 'otp');
        const verified = (typeof hash === 'string' && hash === user.masterPasswordHash) || (typeof otp === 'string' && !!user.otp && otp === user.otp);
        if (!verified) {
          if (wrongPasswordDelayMs) await sleep(wrongPasswordDelayMs);
          return send(res, 400, { message: 'The model state is invalid.', validationErrors: { MasterPasswordHash: ['Invalid password.'] }, object: 'error' });
        }
        if (rotate) {
          key.apiKey = randomAlphanumeric(30);
          key.revisionDate = new Date().toISOString();
        }
        return send(res, 200, { apiKey: key.apiKey, revisionDate: key.revisionDate, object: 'apiKey' });
      }
      // `src/Api/AdminConsole/Controllers/OrganizationsController.cs`: GET /organizations/{id}/api-key-information/{type}.
      if (method === 'GET' && (m = new RegExp(`^/organizations/(${HEX})/api-key-information(?:/(\\d+))?$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        const type = m[2] === undefined ? undefined : Number(m[2]);
        const data = [...o.apiKeys.entries()].filter(([t]) => type === undefined || t === type).map(([keyType, k]) => ({ keyType, revisionDate: k.revisionDate, object: 'keyInformation' }));
        return send(res, 200, { data, continuationToken: null, object: 'list' });
      }
    }

    if (ctx.role === 'self') {
      // `SelfHostedOrganizationLicensesController.cs`: POST /organizations/licenses/self-hosted/{orgId}, multipart field `license`.
      if (method === 'POST' && (m = new RegExp(`^/organizations/licenses/self-hosted/(${HEX})$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        const fields = await readLicenseUpload(ctx);
        if (!fields) return badRequest(res, 'Invalid license');
        if (applyLicense(ctx, o, fields)) send(res, 200, '');
        return;
      }
      // SelfHostedOrganizationLicensesController.SyncLicenseAsync: owner only, then the connection, then
      // GetSelfHostedOrganizationLicenseQuery (cloud communication, the connection's config, the call to the cloud).
      if (method === 'POST' && (m = new RegExp(`^/organizations/licenses/self-hosted/(${HEX})/sync$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        const connection = o.connection;
        if (!connection) return send(res, 404, { message: NO_BILLING_SYNC_CONNECTION, validationErrors: null, object: 'error' });
        if (!enableCloudCommunication) return badRequest(res, CLOUD_COMMUNICATION_DISABLED);
        // OrganizationConnection.Validate<BillingSyncConfig>.
        if (!connection.enabled) return badRequest(res, `Connection disabled for organization ${o.id}`);
        const billingSyncKey = String(field(connection.config, 'BillingSyncKey') ?? '');
        if (!billingSyncKey.trim()) return badRequest(res, 'Failed to get Billing Sync Key');
        const fields = await pullLicenseFromCloud({
          route: serverCloudRoute ?? { identityUri: `${baseUrl()}/cloud/identity`, apiUri: `${baseUrl()}/cloud/api` },
          caPem: ca.certPem,
          installation: { id: installationId, key: installationKey },
          cloudOrganizationId: String(field(connection.config, 'CloudOrganizationId') ?? ''),
          billingSyncKey,
          licenseKey: o.licenseKey,
          timeoutMs: 10_000,
        });
        if (!fields) return badRequest(res, CLOUD_CALL_FAILED);
        if (!applyLicense(ctx, o, fields)) return;
        connection.config.LastLicenseSync = dotnetLocalNow(options.serverUtcOffsetMinutes ?? 0);
        return send(res, 200, '');
      }
      // `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: GET /organizations/connections/enabled → bool.
      if (method === 'GET' && /^\/organizations\/connections\/enabled$/i.test(route)) return send(res, 200, enableCloudCommunication);
      // `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: POST /organizations/connections.
      if (method === 'POST' && /^\/organizations\/connections$/i.test(route)) {
        const model = jsonBody(ctx.body);
        const o = org(String(field(model, 'organizationId') ?? ''));
        const type = Number(field(model, 'type'));
        const typeName = type === 1 ? 'CloudBillingSync' : type === 2 ? 'Scim' : String(type);
        if (!o || !isOwner(o.id)) return badRequest(res, `You do not have permission to create a connection of type ${typeName}.`);
        if (type === 1 && o.connection) {
          return badRequest(res, `The requested organization already has a connection of type ${typeName}. Only one of each connection type may exist per organization.`);
        }
        if (type !== 1) return badRequest(res, `Unknown Organization connection Type: ${typeName}`);
        return saveConnection(ctx, o, randomUUID(), model);
      }
      // `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: PUT /organizations/connections/{connectionId}.
      if (method === 'PUT' && (m = new RegExp(`^/organizations/connections/(${HEX})$`, 'i').exec(route))) {
        const model = jsonBody(ctx.body);
        const o = org(String(field(model, 'organizationId') ?? ''));
        if (!o || o.connection?.id !== m[1]!.toLowerCase()) return notFound(res);
        if (!isOwner(o.id)) return badRequest(res, 'You do not have permission to update this connection.');
        return saveConnection(ctx, o, o.connection.id, model);
      }
      // `src/Api/AdminConsole/Controllers/OrganizationConnectionsController.cs`: GET /organizations/connections/{orgId}/{type}.
      if (method === 'GET' && (m = new RegExp(`^/organizations/connections/(${HEX})/(\\d+)$`, 'i').exec(route))) {
        const o = org(m[1]!);
        const type = Number(m[2]);
        const typeName = type === 1 ? 'CloudBillingSync' : type === 2 ? 'Scim' : String(type);
        if (!o || !isOwner(o.id)) return badRequest(res, `You do not have permission to retrieve a connection of type ${typeName}.`);
        const c = type === 1 ? o.connection : undefined;
        if (!c) return send(res, 200, { id: null, type: null, organizationId: null, enabled: false, config: null });
        return send(res, 200, { id: c.id, type: 1, organizationId: o.id, enabled: c.enabled, config: c.config });
      }
      // `src/Api/Billing/Controllers/OrganizationSponsorshipsController.cs`: GET /organization/sponsorship/{orgId}/sync-status, owner only.
      if (method === 'GET' && (m = new RegExp(`^/organization/sponsorship/(${HEX})/sync-status$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        return send(res, 200, { lastSyncDate: o.lastSyncDate, object: 'syncStatus' });
      }
      // Source: Billing OrganizationsController GET {id}/subscription — on self-hosted it answers from the license file.
      if (method === 'GET' && (m = new RegExp(`^/organizations/(${HEX})/subscription$`, 'i').exec(route))) {
        const o = org(m[1]!);
        if (!o || !isOwner(o.id)) return notFound(res);
        const expires = o.license ? field(o.license.fields, 'Expires') : null;
        const withoutGrace = o.license ? field(o.license.fields, 'ExpirationWithoutGracePeriod') : null;
        return send(res, 200, { ...organizationModel(o, 'organizationSubscription'), expiration: expires ?? null, expirationWithoutGracePeriod: withoutGrace ?? null });
      }
    }

    // Source: AdminConsole OrganizationsController GET {id} — Owner only.
    if (method === 'GET' && (m = new RegExp(`^/organizations/(${HEX})$`, 'i').exec(route))) {
      const o = org(m[1]!);
      if (!o || !isOwner(o.id)) return notFound(res);
      return send(res, 200, organizationModel(o, 'organization'));
    }
    return notFound(res);
  }

  function organizationModel(o: StandInOrganization, object: string) {
    return { id: o.id, name: o.name, planType: o.planType, seats: o.seats, selfHost: true, object };
  }

  function authenticate(ctx: Ctx): StandInUser | undefined {
    const header = ctx.req.headers.authorization ?? '';
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    const entry = token ? ctx.roleState.tokens.get(token) : undefined;
    if (!entry || entry.expiresAt <= Date.now()) return undefined;
    return ctx.roleState.users.get(entry.userId);
  }

  /** `src/Api/Utilities/ApiHelpers.cs`: Content-Length must be present and ≤ 51,200; any failure is "Invalid license". */
  async function readLicenseUpload(ctx: Ctx): Promise<Record<string, unknown> | undefined> {
    const length = Number(ctx.req.headers['content-length']);
    if (!Number.isFinite(length) || length > 51_200) return undefined;
    const contentType = ctx.req.headers['content-type'] ?? '';
    if (!contentType.toLowerCase().startsWith('multipart/form-data')) return undefined;
    try {
      const form = await new UndiciResponse(ctx.body, { headers: { 'content-type': contentType } }).formData();
      const file = form.get('license');
      if (!file || typeof file === 'string') return undefined;
      const parsed = JSON.parse(await file.text()) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** `src/Core/Billing/Organizations/Commands/UpdateOrganizationLicenseCommand.cs`. */
  /** Sends the 400 itself and returns false when the license is refused; the caller answers success. */
  function applyLicense(ctx: Ctx, o: StandInOrganization, fields: Record<string, unknown>): boolean {
    const key = String(field(fields, 'LicenseKey') ?? '');
    const inUse = [...ctx.roleState.organizations.values()].some((other) => other.id !== o.id && other.license && field(other.license.fields, 'LicenseKey') === key);
    if (inUse) {
      badRequest(ctx.res, 'License is already in use by another organization vault.');
      return false;
    }
    const verdict = verifyLicense(fields, { installationId, now: new Date() });
    if (!verdict.ok) {
      badRequest(ctx.res, `Invalid license. ${verdict.reasons.join(' ')}`);
      return false;
    }
    o.license = { text: JSON.stringify(fields), fields };
    o.planType = Number(field(fields, 'PlanType') ?? o.planType);
    o.seats = (field(fields, 'Seats') as number | null | undefined) ?? null;
    o.licenseKey = key;
    return true;
  }

  /** `OrganizationConnectionsController.cs` save-time validation: license file must exist and verify; CloudOrganizationId := license.Id. */
  function saveConnection(ctx: Ctx, o: StandInOrganization, id: string, model: Record<string, unknown>): void {
    const license = o.license;
    if (!license || !verifyLicense(license.fields, { installationId, now: new Date() }).ok) return badRequest(ctx.res, 'Cannot verify license file.');
    const config = (field(model, 'config') ?? {}) as Record<string, unknown>;
    o.connection = {
      id,
      enabled: field(model, 'enabled') === true,
      config: {
        BillingSyncKey: field(config, 'billingSyncKey') ?? null,
        CloudOrganizationId: String(field(license.fields, 'Id') ?? ''),
        LastLicenseSync: o.connection?.config.LastLicenseSync ?? null,
      },
    };
    send(ctx.res, 200, { id, type: 1, organizationId: o.id, enabled: o.connection.enabled, config: o.connection.config, object: 'organizationConnection' });
  }

  await new Promise<void>((resolve) => server.listen(0, options.listen?.address ?? '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('stand-in did not get a port');
  const url = `https://${options.listen?.name ?? '127.0.0.1'}:${address.port}`;
  baseUrlValue = url;

  return {
    url,
    caPem: ca.certPem,
    caFile,
    installationId,
    selfVaultUrl: `${url}/self`,
    adminCookie,
    state,
    requests,
    endpoints: (role) => ({ apiUrl: `${url}/${role}/api`, identityUrl: `${url}/${role}/identity` }),
    async addUser(role, input) {
      const user = await makeUser(input);
      state[role].users.set(user.id, user);
      return user;
    },
    addOrganization(role, input) {
      const o = makeOrganization(input);
      if (input.owner) o.members.set(input.owner.id, 0);
      for (const member of input.members ?? []) o.members.set(member.user.id, member.type);
      state[role].organizations.set(o.id, o);
      return o;
    },
    addInstallation(id, enabled = true) {
      installations.set(id.toLowerCase(), enabled);
      installationKeys.set(id.toLowerCase(), id.toLowerCase() === installationId.toLowerCase() ? installationKey : randomAlphanumeric(20));
    },
    installationKey,
    setServerCloudRoute(route) {
      serverCloudRoute = route;
    },
    addSponsorship(selfOrgId) {
      const o = state.self.organizations.get(selfOrgId.toLowerCase());
      if (!o) throw new Error(`no self-hosted organization ${selfOrgId}`);
      o.sponsorships += 1;
    },
    inject(fault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    clearFaults() {
      faults.length = 0;
    },
    expireTokens(role) {
      for (const r of role ? [role] : (['cloud', 'self'] as Role[])) state[r].tokens.clear();
    },
    setTokenLifetime(seconds) {
      tokenLifetimeSeconds = seconds;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownPki) await pki.dispose();
    },
  };
}

/** Client names Bitwarden knows (src/Core/Enums/BitwardenClient.cs). */
const BITWARDEN_CLIENT_NAMES = new Set(['web', 'browser', 'desktop', 'mobile', 'cli', 'connector', 'send']);

function identifiesAsBitwardenClient(req: IncomingMessage): boolean {
  const name = req.headers['bitwarden-client-name'];
  const deviceType = req.headers['device-type'];
  return typeof name === 'string' && BITWARDEN_CLIENT_NAMES.has(name) && typeof deviceType === 'string' && /^\d+$/.test(deviceType);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  // ASP.NET default JSON: camelCase out; plain strings as JSON strings, '' as empty body.
  const text = body === '' ? '' : JSON.stringify(body);
  res.writeHead(status, text ? { 'Content-Type': 'application/json; charset=utf-8' } : {});
  res.end(text);
}

function notFound(res: ServerResponse): void {
  send(res, 404, { message: 'Resource not found.', validationErrors: null, object: 'error' });
}

function badRequest(res: ServerResponse, message: string): void {
  send(res, 400, { message, validationErrors: null, object: 'error' });
}

function jsonBody(body: Buffer): Record<string, unknown> {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Enough for any route here; a runaway client must not exhaust the test process.
    if (size > 1_000_000) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, BITWARDEN_CLIENT_VERSION, createVaultClient, type VaultClient, type VaultClientOptions } from '../../../main/core/vault-api';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { createTestPki, type TestPki } from '../../support/test-pki';

let standIn: BitwardenStandIn;
let cloudOwner: StandInUser;
let argonOwner: StandInUser;
let selfOwner: StandInUser;
let cloudOrg: StandInOrganization;
let selfOrg: StandInOrganization;
const clients: VaultClient[] = [];

function client(role: 'cloud' | 'self', extra: Partial<VaultClientOptions> = {}): VaultClient {
  const c = createVaultClient({
    role,
    endpoints: standIn.endpoints(role),
    extraCaPem: standIn.caPem,
    device: { type: 8, identifier: randomUUID(), name: 'Sponsorship Setup test' },
    clientName: 'desktop',
    timeoutMs: 3_000,
    backoffMs: 10,
    ...extra,
  });
  clients.push(c);
  return c;
}

async function expectApiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

beforeAll(async () => {
  standIn = await startBitwardenStandIn();
  cloudOwner = await standIn.addUser('cloud', { email: 'Owner@Example.test', password: 'correct horse battery', kdf: { type: 'pbkdf2', iterations: 600_000 } });
  argonOwner = await standIn.addUser('cloud', { email: 'argon@example.test', password: 'argon pass', kdf: { type: 'argon2id', iterations: 3, memoryMiB: 16, parallelism: 2 } });
  selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'self pass', kdf: { type: 'pbkdf2', iterations: 600_000 } });
  cloudOrg = standIn.addOrganization('cloud', { name: 'Acme Enterprise', planType: 20, owner: cloudOwner, members: [{ user: argonOwner, type: 0 }] });
  standIn.addOrganization('cloud', { name: 'Where I am a user', planType: 20, members: [{ user: cloudOwner, type: 2 }] });
  selfOrg = standIn.addOrganization('self', { name: 'Acme (self-hosted)', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await standIn?.close();
});

describe('sign-in over real HTTPS', () => {
  it('signs in with the personal API key, sends device fields and the client-version header, reads the profile', async () => {
    const c = client('cloud');
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    const profile = await c.getProfile();
    expect(profile.email).toBe('Owner@Example.test');
    expect(profile.organizations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: cloudOrg.id, name: 'Acme Enterprise', type: 0, role: 'Owner', isOwner: true }),
        expect.objectContaining({ name: 'Where I am a user', type: 2, role: 'User', isOwner: false }),
      ]),
    );
    const tokenCall = standIn.requests.find((r) => r.path === '/cloud/identity/connect/token' && r.status === 200);
    expect(tokenCall?.clientVersion).toBe(BITWARDEN_CLIENT_VERSION);
  });

  it('refuses a wrong secret with vault-sign-in-failed and the server words', async () => {
    const error = await expectApiError(client('cloud').signIn({ clientId: cloudOwner.clientId, clientSecret: 'wrong' }));
    expect(error.code).toBe('vault-sign-in-failed');
    expect(error.info.serverError).toBe('invalid_client');
    expect(error.message).toMatch(/personal API key/);
  });

  it('the stand-in refuses missing device fields and a missing version header like the server', async () => {
    const form = new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', client_id: cloudOwner.clientId, client_secret: cloudOwner.clientSecret });
    const { fetch, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
    const identified = { 'Bitwarden-Client-Name': 'cli', 'Device-Type': '25' };
    try {
      const noVersion = await fetch(`${standIn.endpoints('cloud').identityUrl}/connect/token`, { method: 'POST', body: form, dispatcher, headers: identified });
      expect(noVersion.status).toBe(400);
      expect(((await noVersion.json()) as { error: string }).error).toBe('version_header_missing');
      const noDevice = await fetch(`${standIn.endpoints('cloud').identityUrl}/connect/token`, {
        method: 'POST',
        body: form,
        dispatcher,
        headers: { ...identified, 'Bitwarden-Client-Version': '2025.11.0' },
      });
      expect(noDevice.status).toBe(400);
      expect(((await noDevice.json()) as { error_description: string }).error_description).toBe('No device information provided');
    } finally {
      await dispatcher.close();
    }
  });

  it("the cloud's edge refuses a sign-in without client identification (403 \"error code: 1020\"); ours is accepted", async () => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'api',
      client_id: cloudOwner.clientId,
      client_secret: cloudOwner.clientSecret,
      deviceType: '8',
      deviceIdentifier: randomUUID(),
      deviceName: 'bare',
    });
    const { fetch, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
    const url = `${standIn.endpoints('cloud').identityUrl}/connect/token`;
    try {
      for (const headers of [
        { 'Bitwarden-Client-Version': '2025.11.0' },
        { 'Bitwarden-Client-Version': '2025.11.0', 'Bitwarden-Client-Name': 'sponsorship-setup', 'Device-Type': '8' },
        { 'Bitwarden-Client-Version': '2025.11.0', 'Bitwarden-Client-Name': 'desktop', 'Device-Type': 'LinuxDesktop' },
      ]) {
        const bare = await fetch(url, { method: 'POST', body: form, dispatcher, headers });
        expect(bare.status).toBe(403);
        expect(bare.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await bare.text()).toBe('error code: 1020');
      }
    } finally {
      await dispatcher.close();
    }
    const ours = client('cloud');
    await ours.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    expect((await ours.getProfile()).email).toBe('Owner@Example.test');
  });

  it('identifies itself on every request: client name and version, product User-Agent, Device-Type on token requests', async () => {
    const { version } = (await import('../../../package.json')) as { version: string };
    const start = standIn.requests.length;
    const c = client('self');
    await c.signIn({ clientId: selfOwner.clientId, clientSecret: selfOwner.clientSecret });
    await c.getProfile();
    await c.alive();
    const cli = client('cloud', { clientName: 'cli', device: { type: 25, identifier: randomUUID(), name: 'cli test' } });
    await cli.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    const made = standIn.requests.slice(start);
    expect(made.length).toBeGreaterThanOrEqual(4);
    for (const request of made) {
      expect({ path: request.path, version: request.clientVersion, agent: request.userAgent }).toEqual({
        path: request.path,
        version: '2025.11.0',
        agent: `Sponsorship-Setup/${version} (${process.platform})`,
      });
      expect(request.clientName).toBe(request.path.startsWith('/cloud') ? 'cli' : 'desktop');
    }
    const tokenCalls = made.filter((r) => r.path.endsWith('/connect/token'));
    expect(tokenCalls.map((r) => [r.path, r.deviceType])).toEqual([
      ['/self/identity/connect/token', '8'],
      ['/cloud/identity/connect/token', '25'],
    ]);
    expect(made.filter((r) => !r.path.endsWith('/connect/token')).every((r) => r.deviceType === undefined)).toBe(true);
  });

  it('an edge page instead of Bitwarden says the request was stopped before it reached Bitwarden, and what to try', async () => {
    standIn.inject({ method: 'POST', path: /\/cloud\/identity\/connect\/token$/, status: 403, body: 'error code: 1020' });
    const error = await expectApiError(client('cloud').signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret }));
    expect(error.code).toBe('vault-edge-blocked');
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/stopped before it reached Bitwarden/);
    expect(error.message).toMatch(/proxy, a VPN or the cloud's bot protection/);
    expect(error.message).toMatch(/another network or without the VPN/);
    expect(error.message).not.toMatch(/refused the sign-in/);
    expect(error.serverMessage).toBe('error code: 1020');

    const html = '<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title></head><body>blocked</body></html>';
    standIn.inject({ method: 'GET', path: /\/cloud\/api\/accounts\/profile$/, status: 429, body: html });
    const c = client('cloud', { maxRetries: 0 });
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    const limited = await expectApiError(c.getProfile());
    expect(limited.code).toBe('vault-edge-blocked');
    expect(limited.message).toContain('Attention Required! | Cloudflare');
  });

  it('renews the token before it expires', async () => {
    standIn.setTokenLifetime(2);
    try {
      let now = Date.now();
      const c = client('cloud', { now: () => now, renewBeforeExpiryMs: 60_000 });
      await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
      const before = standIn.requests.filter((r) => r.path.endsWith('/connect/token')).length;
      now += 1_500; // past half the lifetime: the client renews before calling
      await c.getProfile();
      expect(standIn.requests.filter((r) => r.path.endsWith('/connect/token')).length).toBe(before + 1);
    } finally {
      standIn.setTokenLifetime(3600);
    }
  });

  it('on 401 renews once and retries; a second 401 gives a clear vault-unauthorized', async () => {
    const c = client('cloud');
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    standIn.expireTokens('cloud');
    expect((await c.getProfile()).email).toBe('Owner@Example.test');

    standIn.inject({ path: /\/cloud\/api\/accounts\/profile$/, status: 401, body: '', times: 2 });
    const error = await expectApiError(c.getProfile());
    expect(error.code).toBe('vault-unauthorized');
    expect(error.message).toMatch(/even after signing in again/);
  });
});

describe('transport behaviour', () => {
  it('waits out a 429 Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    const c = client('cloud', { sleep: async (ms) => void waits.push(ms) });
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    standIn.inject({ path: /accounts\/profile$/, status: 429, retryAfter: '2' });
    expect((await c.getProfile()).email).toBe('Owner@Example.test');
    expect(waits).toEqual([2000]);
  });

  it('a Retry-After longer than we accept fails with vault-rate-limited and the wait asked', async () => {
    const c = client('cloud', { sleep: async () => {}, maxRetryAfterMs: 5_000 });
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    standIn.inject({ path: /accounts\/profile$/, status: 429, retryAfter: '120' });
    const error = await expectApiError(c.getProfile());
    expect(error.code).toBe('vault-rate-limited');
    expect(error.info.retryAfterSeconds).toBe(120);
    standIn.clearFaults();
  });

  it('retries idempotent GETs on 5xx with backoff, but never POSTs', async () => {
    const waits: number[] = [];
    const c = client('cloud', { sleep: async (ms) => void waits.push(ms), backoffMs: 100 });
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    standIn.inject({ path: /accounts\/profile$/, status: 503, times: 2 });
    expect((await c.getProfile()).email).toBe('Owner@Example.test');
    expect(waits).toEqual([100, 200]);

    standIn.inject({ path: /api-key$/, method: 'POST', status: 500 });
    const error = await expectApiError(c.getOrCreateBillingSyncKey(cloudOrg.id, { masterPasswordHash: cloudOwner.masterPasswordHash }));
    expect(error.code).toBe('vault-server-error');
    expect(waits).toEqual([100, 200]);
  });

  it('times out a slow answer with vault-timeout', async () => {
    const c = client('cloud', { timeoutMs: 300, maxRetries: 0 });
    standIn.inject({ path: /\/cloud\/api\/alive$/, delayMs: 1_500 });
    const error = await expectApiError(c.alive());
    expect(error.code).toBe('vault-timeout');
  });

  it('refuses a server whose certificate is not from the trusted root (TLS stays verified)', async () => {
    const pki: TestPki = await createTestPki();
    try {
      const otherCa = await pki.createCa('Some Other Root');
      const c = client('cloud', { extraCaPem: otherCa.certPem });
      const error = await expectApiError(c.alive());
      expect(error.code).toBe('vault-tls-untrusted');
      const noCa = createVaultClient({ role: 'cloud', endpoints: standIn.endpoints('cloud'), device: { type: 8, identifier: 'x', name: 'y' }, clientName: 'desktop', timeoutMs: 2_000 });
      clients.push(noCa);
      expect((await expectApiError(noCa.alive())).code).toBe('vault-tls-untrusted');
    } finally {
      await pki.dispose();
    }
  });

  it('reports a closed port as vault-unreachable', async () => {
    const c = createVaultClient({ role: 'self', endpoints: { apiUrl: 'https://127.0.0.1:1/api', identityUrl: 'https://127.0.0.1:1/identity' }, device: { type: 8, identifier: 'x', name: 'y' }, clientName: 'desktop', timeoutMs: 2_000, maxRetries: 0 });
    clients.push(c);
    expect((await expectApiError(c.alive())).code).toBe('vault-unreachable');
  });
});

describe('routes the product needs', () => {
  it('knows which region has an installation id (anonymous)', async () => {
    const c = client('cloud');
    expect(await c.getInstallation(standIn.installationId)).toEqual({ id: standIn.installationId, enabled: true });
    expect(await c.getInstallation(randomUUID())).toBeNull();
  });

  it('billing sync token: wrong password → "MasterPasswordHash: Invalid password.", right one (PBKDF2 and Argon2id) → token; rotate changes it', async () => {
    const c = client('cloud');
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    expect(await c.getBillingSyncKeyInformation(cloudOrg.id)).toEqual({ exists: false });
    const wrong = await expectApiError(c.getOrCreateBillingSyncKey(cloudOrg.id, await c.verificationFromMasterPassword('not it')));
    expect(wrong.code).toBe('vault-rejected');
    expect(wrong.serverMessage).toBe('MasterPasswordHash: Invalid password.');
    expect(wrong.message).toContain('MasterPasswordHash: Invalid password.');

    const first = await c.getOrCreateBillingSyncKey(cloudOrg.id, await c.verificationFromMasterPassword('correct horse battery'));
    expect(first.apiKey).toHaveLength(30);
    expect((await c.getBillingSyncKeyInformation(cloudOrg.id)).exists).toBe(true);

    const argon = client('cloud');
    await argon.signIn({ clientId: argonOwner.clientId, clientSecret: argonOwner.clientSecret });
    const same = await argon.getOrCreateBillingSyncKey(cloudOrg.id, await argon.verificationFromMasterPassword('argon pass'));
    expect(same.apiKey).toBe(first.apiKey);

    const rotated = await c.rotateBillingSyncKey(cloudOrg.id, await c.verificationFromMasterPassword('correct horse battery'));
    expect(rotated.apiKey).not.toBe(first.apiKey);
  });

  it("uses prelogin's salt when the server returns one apart from the e-mail", async () => {
    const separated = await standIn.addUser('cloud', { email: 'Separated@Example.test', password: 'salted pass', salt: 'Salt-Not-The-Email:7Qx', kdf: { type: 'pbkdf2', iterations: 5_000 } });
    const org = standIn.addOrganization('cloud', { name: 'Salted Enterprise', planType: 20, owner: separated });
    const c = client('cloud');
    await c.signIn({ clientId: separated.clientId, clientSecret: separated.clientSecret });
    expect((await c.prelogin(separated.email)).salt).toBe('Salt-Not-The-Email:7Qx');
    const verification = await c.verificationFromMasterPassword('salted pass');
    expect(verification).toEqual({ masterPasswordHash: separated.masterPasswordHash });
    expect((await c.getOrCreateBillingSyncKey(org.id, verification)).apiKey).toHaveLength(30);
  });

  it('role names follow OrganizationUserType: type 3 (the removed Manager) is not named', async () => {
    const member = await standIn.addUser('cloud', { email: 'roles@example.test', password: 'x', kdf: { type: 'pbkdf2', iterations: 5_000 } });
    standIn.addOrganization('cloud', { name: 'Admin here', members: [{ user: member, type: 1 }] });
    standIn.addOrganization('cloud', { name: 'Old type 3', members: [{ user: member, type: 3 }] });
    standIn.addOrganization('cloud', { name: 'Custom here', members: [{ user: member, type: 4 }] });
    const c = client('cloud');
    await c.signIn({ clientId: member.clientId, clientSecret: member.clientSecret });
    const roles = Object.fromEntries((await c.getProfile()).organizations.map((o) => [o.name, o.role]));
    expect(roles).toEqual({ 'Admin here': 'Admin', 'Old type 3': 'Type 3', 'Custom here': 'Custom' });
  });

  it('OTP form: request-otp then {otp}', async () => {
    const c = client('cloud');
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    await c.requestOtp();
    const key = await c.getOrCreateBillingSyncKey(cloudOrg.id, { otp: cloudOwner.otp! });
    expect(key.apiKey).toHaveLength(30);
  });

  it('not an Owner → vault-not-found with an explanation', async () => {
    const c = client('cloud');
    await c.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    const userOrg = [...standIn.state.cloud.organizations.values()].find((o) => o.name === 'Where I am a user')!;
    const error = await expectApiError(c.downloadLicense(userOrg.id, standIn.installationId));
    expect(error.code).toBe('vault-not-found');
    expect(error.message).toMatch(/not an Owner/);
  });

  it('full license + connection flow: download, upload, subscription, connection create/read/update, sync status', async () => {
    const cloud = client('cloud');
    await cloud.signIn({ clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret });
    const unknown = await expectApiError(cloud.downloadLicense(cloudOrg.id, randomUUID()));
    expect(unknown.serverMessage).toBe('Invalid installation id');
    const license = await cloud.downloadLicense(cloudOrg.id, standIn.installationId);
    expect(license.json.id).toBe(cloudOrg.id);

    const self = client('self');
    await self.signIn({ clientId: selfOwner.clientId, clientSecret: selfOwner.clientSecret });
    expect(await self.connectionsEnabled()).toBe(true);
    expect(await self.getBillingSyncConnection(selfOrg.id)).toBeNull();
    const early = await expectApiError(self.createBillingSyncConnection(selfOrg.id, 'x'.repeat(30)));
    expect(early.serverMessage).toBe('Cannot verify license file.');

    const foreign = JSON.stringify({ ...license.json, installationId: randomUUID() });
    const refused = await expectApiError(self.uploadLicense(selfOrg.id, foreign));
    expect(refused.serverMessage).toBe('Invalid license. The installation ID does not match the current installation.');

    await self.uploadLicense(selfOrg.id, license.text);
    const subscription = await self.getOrganizationSubscription(selfOrg.id);
    expect(subscription.expiration).toBe(license.json.expires);
    expect((await self.getOrganization(selfOrg.id)).id).toBe(selfOrg.id);

    const token = await cloud.getOrCreateBillingSyncKey(cloudOrg.id, await cloud.verificationFromMasterPassword('correct horse battery'));
    const created = await self.createBillingSyncConnection(selfOrg.id, token.apiKey);
    expect(created.cloudOrganizationId).toBe(cloudOrg.id);
    const read = await self.getBillingSyncConnection(selfOrg.id);
    expect(read?.id).toBe(created.id);
    const updated = await self.updateBillingSyncConnection(created.id, selfOrg.id, token.apiKey, false);
    expect(updated.enabled).toBe(false);
    await self.updateBillingSyncConnection(created.id, selfOrg.id, token.apiKey, true);

    await self.syncLicense(selfOrg.id);
    expect((await self.getBillingSyncConnection(selfOrg.id))?.lastLicenseSync).toBeTruthy();

    expect(await self.getSponsorshipSyncStatus(selfOrg.id)).toEqual({ lastSyncDate: null });
    const { fetch, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
    try {
      const trigger = `${standIn.selfVaultUrl}/admin/Organizations/TriggerBillingSync/${selfOrg.id}`;
      await fetch(trigger, { headers: { Cookie: `bitwarden-admin=${standIn.adminCookie}` }, redirect: 'manual', dispatcher });
      expect((await self.getSponsorshipSyncStatus(selfOrg.id)).lastSyncDate).toBeNull();
      standIn.addSponsorship(selfOrg.id);
      await fetch(trigger, { headers: { Cookie: `bitwarden-admin=${standIn.adminCookie}` }, redirect: 'manual', dispatcher });
      expect((await self.getSponsorshipSyncStatus(selfOrg.id)).lastSyncDate).not.toBeNull();
    } finally {
      await dispatcher.close();
    }
  });

  it('refuses a license upload over 51,200 bytes before sending it', async () => {
    const self = client('self');
    await self.signIn({ clientId: selfOwner.clientId, clientSecret: selfOwner.clientSecret });
    const huge = JSON.stringify({ padding: 'x'.repeat(60_000) });
    expect((await expectApiError(self.uploadLicense(selfOrg.id, huge))).code).toBe('license-too-large');
  });

  it('the stand-in refuses an oversized upload like the server ("Invalid license", ApiHelpers.ReadJsonFileFromBody)', async () => {
    const { fetch, Agent, FormData } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: standIn.caPem } });
    try {
      const tokenResponse = await fetch(`${standIn.endpoints('self').identityUrl}/connect/token`, {
        method: 'POST',
        dispatcher,
        headers: { 'Bitwarden-Client-Version': BITWARDEN_CLIENT_VERSION },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', client_id: selfOwner.clientId, client_secret: selfOwner.clientSecret, deviceType: '25', deviceIdentifier: randomUUID(), deviceName: 'raw' }),
      });
      const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
      const form = new FormData();
      form.set('license', new Blob([JSON.stringify({ padding: 'x'.repeat(52_000) })]), 'license.json');
      const response = await fetch(`${standIn.endpoints('self').apiUrl}/organizations/licenses/self-hosted/${selfOrg.id}`, { method: 'POST', body: form, dispatcher, headers: { Authorization: `Bearer ${token}` } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toBe('Invalid license');
    } finally {
      await dispatcher.close();
    }
  });
});

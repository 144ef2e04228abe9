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

describe('sign-in over real HTTPS (research §6)', () => {
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
    try {
      const noVersion = await fetch(`${standIn.endpoints('cloud').identityUrl}/connect/token`, { method: 'POST', body: form, dispatcher });
      expect(noVersion.status).toBe(400);
      expect(((await noVersion.json()) as { error: string }).error).toBe('version_header_missing');
      const noDevice = await fetch(`${standIn.endpoints('cloud').identityUrl}/connect/token`, { method: 'POST', body: form, dispatcher, headers: { 'Bitwarden-Client-Version': '2025.11.0' } });
      expect(noDevice.status).toBe(400);
      expect(((await noDevice.json()) as { error_description: string }).error_description).toBe('No device information provided');
    } finally {
      await dispatcher.close();
    }
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
      const noCa = createVaultClient({ role: 'cloud', endpoints: standIn.endpoints('cloud'), device: { type: 8, identifier: 'x', name: 'y' }, timeoutMs: 2_000 });
      clients.push(noCa);
      expect((await expectApiError(noCa.alive())).code).toBe('vault-tls-untrusted');
    } finally {
      await pki.dispose();
    }
  });

  it('reports a closed port as vault-unreachable', async () => {
    const c = createVaultClient({ role: 'self', endpoints: { apiUrl: 'https://127.0.0.1:1/api', identityUrl: 'https://127.0.0.1:1/identity' }, device: { type: 8, identifier: 'x', name: 'y' }, timeoutMs: 2_000, maxRetries: 0 });
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

  it('the stand-in refuses an oversized upload like the server ("Invalid license", research §1.1)', async () => {
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

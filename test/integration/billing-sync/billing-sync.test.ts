import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectSetupReport,
  fetchToken,
  formatSetupReportText,
  pasteToken,
  readBillingSyncStatus,
  readStoredToken,
  readSyncLogExcerpt,
  readTokenStatus,
  renewLicenseThroughSync,
  requestTokenOtp,
  saveBillingSyncConnection,
  waitForSync,
  WIZARD_KEYS,
  type SyncWaitProgress,
} from '../../../main/core/billing-sync';
import { createLocalHost } from '../../../main/core/host';
import { CoreError } from '../../../main/core/shared';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { createTempInstall } from '../../support/temp-install';
import { pressManuallySync, signIn, type SignedIn } from './billing-sync-support';

const PBKDF2_PASSWORD = 'pbkdf2 owner master password';
const ARGON_PASSWORD = 'argon2id owner master password';

let standIn: BitwardenStandIn;
let pbkdf2Owner: StandInUser;
let argonOwner: StandInUser;
let selfOwner: StandInUser;
let cloudOrg: StandInOrganization;
let argonOrg: StandInOrganization;
let selfOrg: StandInOrganization;
let session: SignedIn;

async function expectCoreError(promise: Promise<unknown>, code: string): Promise<CoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CoreError);
  expect((error as CoreError).code).toBe(code);
  return error as CoreError;
}

beforeAll(async () => {
  standIn = await startBitwardenStandIn();
  pbkdf2Owner = await standIn.addUser('cloud', { email: 'pbkdf2-owner@example.test', password: PBKDF2_PASSWORD, kdf: { type: 'pbkdf2', iterations: 600_000 } });
  argonOwner = await standIn.addUser('cloud', { email: 'argon-owner@example.test', password: ARGON_PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } });
  selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'self password' });
  cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', planType: 20, owner: pbkdf2Owner });
  argonOrg = standIn.addOrganization('cloud', { name: 'Argon Inc', planType: 20, owner: argonOwner });
  selfOrg = standIn.addOrganization('self', { name: 'Acme self-hosted', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  session = await signIn(standIn, pbkdf2Owner, selfOwner);
});

afterAll(async () => {
  await session?.manager.close();
  await standIn?.close();
});

describe('billing sync token', () => {
  it('PBKDF2 account: status, wrong password refused, right password keeps the token, again the same, rotate replaces it', async () => {
    const cloud = await session.manager.client('cloud');
    const before = await readTokenStatus(cloud, session.secrets, cloudOrg.id);
    expect(before).toMatchObject({ existsInCloud: false, storedLocally: false, storage: 'memory' });

    await expectCoreError(fetchToken({ cloud, secrets: session.secrets, cloudOrgId: cloudOrg.id, verification: { kind: 'master-password', masterPassword: 'wrong password' } }), 'verification-rejected');
    expect(await readStoredToken(session.secrets, cloudOrg.id)).toBeNull();

    const kept = await fetchToken({ cloud, secrets: session.secrets, cloudOrgId: cloudOrg.id, verification: { kind: 'master-password', masterPassword: PBKDF2_PASSWORD } });
    const token = await readStoredToken(session.secrets, cloudOrg.id);
    expect(token).toBe(cloudOrg.apiKeys.get(1)?.apiKey);
    expect(token).toHaveLength(30);
    expect(kept.masked).not.toContain(token!.slice(0, 26));
    expect(kept.source).toBe('cloud');
    expect(await readTokenStatus(cloud, session.secrets, cloudOrg.id)).toMatchObject({ existsInCloud: true, storedLocally: true });

    await fetchToken({ cloud, secrets: session.secrets, cloudOrgId: cloudOrg.id, verification: { kind: 'master-password', masterPassword: PBKDF2_PASSWORD } });
    expect(await readStoredToken(session.secrets, cloudOrg.id)).toBe(token);

    const rotated = await fetchToken({ cloud, secrets: session.secrets, cloudOrgId: cloudOrg.id, verification: { kind: 'master-password', masterPassword: PBKDF2_PASSWORD }, rotate: true });
    expect(rotated.source).toBe('cloud-rotated');
    const newToken = await readStoredToken(session.secrets, cloudOrg.id);
    expect(newToken).not.toBe(token);
    expect(newToken).toBe(cloudOrg.apiKeys.get(1)?.apiKey);
    // Neither the password nor the token reached the log.
    for (const secret of [PBKDF2_PASSWORD, token!, newToken!]) expect(session.logs.join('\n')).not.toContain(secret);
  });

  it('Argon2id account: wrong password refused, right password keeps the token', async () => {
    const argon = await signIn(standIn, argonOwner);
    try {
      const cloud = await argon.manager.client('cloud');
      await expectCoreError(fetchToken({ cloud, secrets: argon.secrets, cloudOrgId: argonOrg.id, verification: { kind: 'master-password', masterPassword: 'not it' } }), 'verification-rejected');
      await fetchToken({ cloud, secrets: argon.secrets, cloudOrgId: argonOrg.id, verification: { kind: 'master-password', masterPassword: ARGON_PASSWORD } });
      expect(await readStoredToken(argon.secrets, argonOrg.id)).toBe(argonOrg.apiKeys.get(1)?.apiKey);
    } finally {
      await argon.manager.close();
    }
  });

  it('one-time code: requested by e-mail, then accepted; a wrong code is refused', async () => {
    const argon = await signIn(standIn, argonOwner);
    try {
      const cloud = await argon.manager.client('cloud');
      await requestTokenOtp(cloud);
      const code = argonOwner.otp;
      expect(code).toMatch(/^\d{6}$/);
      await expectCoreError(fetchToken({ cloud, secrets: argon.secrets, cloudOrgId: argonOrg.id, verification: { kind: 'otp', code: '000000' === code ? '111111' : '000000' } }), 'verification-rejected');
      await fetchToken({ cloud, secrets: argon.secrets, cloudOrgId: argonOrg.id, verification: { kind: 'otp', code: code! } });
      expect(await readStoredToken(argon.secrets, argonOrg.id)).toBe(argonOrg.apiKeys.get(1)?.apiKey);
    } finally {
      await argon.manager.close();
    }
  });

  it('paste: keeps a trimmed token, warns on an unusual shape, refuses empty or several words', async () => {
    const secrets = new (await import('../../../main/core/secrets')).MemorySecretStore();
    const ok = await pasteToken(secrets, cloudOrg.id.toUpperCase(), '  AbCdEfGhIjKlMnOpQrStUvWxYz0123\n');
    expect(ok.warnings).toEqual([]);
    expect(await readStoredToken(secrets, cloudOrg.id)).toBe('AbCdEfGhIjKlMnOpQrStUvWxYz0123');
    const odd = await pasteToken(secrets, cloudOrg.id, 'short-token-42');
    expect(odd.warnings.join(' ')).toMatch(/30/);
    await expectCoreError(pasteToken(secrets, cloudOrg.id, '   '), 'token-empty');
    await expectCoreError(pasteToken(secrets, cloudOrg.id, 'two words'), 'token-malformed');
    await expectCoreError(pasteToken(secrets, 'not-a-guid', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123'), 'invalid-organization-id');
  });
});

describe('billing sync connection on the self-hosted server', () => {
  it('refuses before the license is uploaded, then creates, then updates; status never shows the token', async () => {
    const self = await session.manager.client('self');
    const token = (await readStoredToken(session.secrets, cloudOrg.id))!;
    const refused = await expectCoreError(saveBillingSyncConnection({ self, selfHostedOrgId: selfOrg.id, token }), 'license-not-verified');
    expect(refused.message).toMatch(/upload the license first/);
    expect(refused.details).toMatchObject({ step: 'license' });

    const cloud = await session.manager.client('cloud');
    const license = await cloud.downloadLicense(cloudOrg.id, standIn.installationId);
    await self.uploadLicense(selfOrg.id, license.text);

    const created = await saveBillingSyncConnection({ self, selfHostedOrgId: selfOrg.id, token });
    expect(created).toMatchObject({ action: 'created', enabled: true, cloudOrganizationId: cloudOrg.id });
    expect(created.note).toMatch(/does not check the token/);
    const updated = await saveBillingSyncConnection({ self, selfHostedOrgId: selfOrg.id, token });
    expect(updated).toMatchObject({ action: 'updated', connectionId: created.connectionId });
    expect(selfOrg.connection?.config.BillingSyncKey).toBe(token);

    const status = await readBillingSyncStatus(self, selfOrg.id);
    expect(status).toMatchObject({ cloudCommunication: true, connection: { id: created.connectionId, enabled: true, cloudOrganizationId: cloudOrg.id, tokenSet: true }, lastSyncDate: null });
    expect(JSON.stringify(status)).not.toContain(token);

    const renewed = await renewLicenseThroughSync(self, selfOrg.id);
    expect(renewed.lastLicenseSync).toBeTruthy();
  });

  it('sends the admin back to Cloud communication when the server runs without it', async () => {
    const off = await startBitwardenStandIn({ enableCloudCommunication: false });
    try {
      const owner = await off.addUser('self', { email: 'admin@example.test', password: 'x' });
      const org = off.addOrganization('self', { name: 'Off', owner });
      const s = await signIn(off, undefined, owner);
      try {
        const error = await expectCoreError(saveBillingSyncConnection({ self: await s.manager.client('self'), selfHostedOrgId: org.id, token: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123' }), 'cloud-communication-inactive');
        expect(error.details).toMatchObject({ step: 'cloud-communication' });
        expect(off.requests.some((r) => r.method === 'POST' && r.path.endsWith('/organizations/connections'))).toBe(false);
      } finally {
        await s.manager.close();
      }
    } finally {
      await off.close();
    }
  });
});

describe('sync wait', () => {
  it('times out with "no sponsorship requested yet" first, then succeeds once a sponsorship exists and Manually Sync is pressed', async () => {
    const self = await session.manager.client('self');
    const since = new Date(Date.now() - 1000);
    // Manually Sync without a sponsorship: "Billing Synced!" but nothing recorded (`src/Api/Jobs/SelfHostedSponsorshipSyncJob.cs`).
    await pressManuallySync(standIn, selfOrg.id);
    const progress: SyncWaitProgress[] = [];
    const timedOut = await waitForSync({ self, selfHostedOrgId: selfOrg.id, since, timeoutMs: 400, intervalMs: 100, onProgress: (p) => progress.push(p) });
    expect(timedOut.outcome).toBe('timeout');
    if (timedOut.outcome !== 'timeout') return;
    expect(timedOut.neverSynced).toBe(true);
    expect(timedOut.causes[0]).toMatchObject({ code: 'no-sponsorship-yet', step: 'sync-verify' });
    expect(timedOut.causes.map((c) => c.step)).toEqual(['sync-verify', 'cloud-communication', 'firewall', 'connect', 'billing-sync', 'cloud-communication']);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThanOrEqual(6);

    standIn.addSponsorship(selfOrg.id);
    const waiting = waitForSync({
      self,
      selfHostedOrgId: selfOrg.id,
      since,
      timeoutMs: 5000,
      intervalMs: 100,
      onProgress: (p) => {
        if (p.attempt === 2) void pressManuallySync(standIn, selfOrg.id);
      },
    });
    const synced = await waiting;
    expect(synced.outcome).toBe('synced');
    if (synced.outcome === 'synced') expect(Date.parse(synced.lastSyncDate)).toBeGreaterThan(since.getTime());
  });

  it('can be cancelled', async () => {
    const self = await session.manager.client('self');
    const controller = new AbortController();
    const wait = waitForSync({ self, selfHostedOrgId: selfOrg.id, since: new Date(Date.now() + 3_600_000), timeoutMs: 10_000, intervalMs: 200, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(wait).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('finished-setup report and server logs', () => {
  it('reports each step with evidence and contains no secret', async () => {
    const install = await createTempInstall({
      envContent: [
        'globalSettings__baseServiceUri__vault=https://vault.example.test',
        'globalSettings__baseServiceUri__cloudRegion=US',
        `globalSettings__installation__id=${standIn.installationId}`,
        'globalSettings__installation__key=INSTALLATIONKEYSECRET123',
        'globalSettings__enableCloudCommunication=true',
        'adminSettings__admins=admin@example.test',
        '',
      ].join('\n'),
      licenses: { [`${selfOrg.id}.json`]: '{"Id":"x"}' },
    });
    try {
      await session.settings.update((s) => ({
        ...s,
        lastInstallFolder: install.root,
        wizard: { ...s.wizard, values: { ...s.wizard.values, [WIZARD_KEYS.selfOrgId]: selfOrg.id, [WIZARD_KEYS.cloudOrgId]: cloudOrg.id, 'firewall.verdict': 'ok' } },
      }));
      const report = await collectSetupReport({ host: createLocalHost(), settings: session.settings, secrets: session.secrets, connections: session.manager });
      const byId = Object.fromEntries(report.steps.map((s) => [s.id, s]));
      expect(byId['cloud-communication']?.state).toBe('done');
      expect(byId['cloud-communication']?.evidence).toContainEqual({ label: 'globalSettings__enableCloudCommunication (read back)', value: 'true' });
      expect(byId['license']?.state).toBe('done');
      expect(byId['billing-sync']?.state).toBe('done');
      expect(byId['sync-verify']?.state).toBe('done');
      expect(byId['firewall']?.state).toBe('done');
      expect(report.finished).toBe(true);

      const text = formatSetupReportText(report);
      const json = JSON.stringify(report);
      expect(text).toContain('Last sponsorship sync');
      expect(byId['firewall']?.evidence).toContainEqual({ label: 'verdict', value: 'ok' });
      expect(text).toContain('  Firewall verdict: ok\n');
      const token = (await readStoredToken(session.secrets, cloudOrg.id))!;
      const secrets = [token, PBKDF2_PASSWORD, ARGON_PASSWORD, pbkdf2Owner.clientSecret, selfOwner.clientSecret, pbkdf2Owner.masterPasswordHash, 'INSTALLATIONKEYSECRET123'];
      for (const secret of secrets) {
        expect(text.includes(secret), 'secret in text report').toBe(false);
        expect(json.includes(secret), 'secret in JSON report').toBe(false);
      }
    } finally {
      await install.dispose();
    }
  });

  it('reads the sync and identity lines of bwdata/logs/admin and api, with secrets masked', async () => {
    const install = await createTempInstall({ envContent: 'a=b\n' });
    try {
      await mkdir(path.join(install.bwdata, 'logs', 'api', 'Api'), { recursive: true });
      await writeFile(
        path.join(install.bwdata, 'logs', 'api', 'Api', 'log20260820.txt'),
        [
          '2026-08-20 10:00:00 [INF] Starting job SelfHostedSponsorshipSyncJob',
          '2026-08-20 10:00:01 [ERR] Unsuccessful token response from https://identity.bitwarden.com for client installation.abc',
          '2026-08-20 10:00:02 [INF] Request starting GET /alive',
          '2026-08-20 10:00:03 [DBG] sync request Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig billingSyncKey=AbCdEfGhIjKlMnOpQrStUvWxYz0123',
        ].join('\n'),
      );
      const excerpt = await readSyncLogExcerpt(createLocalHost(), install.bwdata);
      expect(excerpt.lines.map((l) => l.container)).toEqual(['api', 'api', 'api']);
      expect(excerpt.lines.some((l) => l.text.includes('GET /alive'))).toBe(false);
      const all = excerpt.lines.map((l) => l.text).join('\n');
      expect(all).not.toContain('eyJhbGciOiJSUzI1NiJ9');
      expect(all).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz0123');
      expect(excerpt.notes.join(' ')).toMatch(/logs\/admin: not found/);
    } finally {
      await install.dispose();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectSetupReport, readBillingSyncStatus, renewLicenseThroughSync, saveBillingSyncConnection, verifyAndRecord, verifyThroughLicenseSync } from '../../../main/core/billing-sync';
import { createLocalHost } from '../../../main/core/host';
import { CoreError } from '../../../main/core/shared';
import { CLOUD_CALL_FAILED, startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { signIn, type SignedIn } from './billing-sync-support';

/** One cloud organization with a billing sync key, its self-hosted twin with the license uploaded and the token saved. */
interface World {
  standIn: BitwardenStandIn;
  cloudOrg: StandInOrganization;
  selfOrg: StandInOrganization;
  selfOwner: StandInUser;
  session: SignedIn;
  token: string;
}

async function world(options: Parameters<typeof startBitwardenStandIn>[0] = {}, saveToken = true): Promise<World> {
  const standIn = await startBitwardenStandIn(options);
  const cloudOwner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'cloud pw', kdf: { type: 'pbkdf2', iterations: 5000 } });
  const selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'self pw', kdf: { type: 'pbkdf2', iterations: 5000 } });
  const cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', planType: 20, owner: cloudOwner });
  const selfOrg = standIn.addOrganization('self', { name: 'Acme self-hosted', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123';
  cloudOrg.apiKeys.set(1, { apiKey: token, revisionDate: new Date().toISOString() });
  const session = await signIn(standIn, cloudOwner, selfOwner);
  const license = await (await session.manager.client('cloud')).downloadLicense(cloudOrg.id, standIn.installationId);
  const self = await session.manager.client('self');
  await self.uploadLicense(selfOrg.id, license.text);
  if (saveToken) await saveBillingSyncConnection({ self, selfHostedOrgId: selfOrg.id, token });
  return { standIn, cloudOrg, selfOrg, selfOwner, session, token };
}

async function dispose(w: World | undefined): Promise<void> {
  await w?.session.manager.close();
  await w?.standIn.close();
}

describe('verify through the license sync', () => {
  let w: World;
  beforeAll(async () => {
    // The server's clock is five hours behind UTC: its LastLicenseSync looks "old" to this machine.
    w = await world({ serverUtcOffsetMinutes: -300 });
  });
  afterAll(() => dispose(w));

  it('is verified when LastLicenseSync changes, compared as values, not against this clock', async () => {
    const self = await w.session.manager.client('self');
    expect(w.selfOrg.connection?.config.LastLicenseSync).toBeNull();
    const first = await verifyThroughLicenseSync(self, w.selfOrg.id);
    expect(first).toMatchObject({ verified: true, previousLicenseSync: null });
    if (!first.verified) return;
    // DateTime.Now as System.Text.Json writes it: the server's local time with its offset.
    expect(first.lastLicenseSync).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?-05:00$/);
    // The server called the cloud as an installation, with the saved token.
    const cloudCall = w.standIn.requests.find((r) => r.method === 'GET' && r.path === `/cloud/api/licenses/organization/${w.cloudOrg.id}`);
    expect(cloudCall?.status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await verifyThroughLicenseSync(self, w.selfOrg.id);
    expect(second).toMatchObject({ verified: true, previousLicenseSync: first.lastLicenseSync });
    if (second.verified) expect(second.lastLicenseSync).not.toBe(first.lastLicenseSync);
  });

  it('a rotated token fails in the server\'s words and points at Billing sync (fresh token) or the Firewall check', async () => {
    const self = await w.session.manager.client('self');
    w.cloudOrg.apiKeys.set(1, { apiKey: 'ZyXwVuTsRqPoNmLkJiHgFeDcBa9876', revisionDate: new Date().toISOString() });
    try {
      const before = w.selfOrg.connection?.config.LastLicenseSync;
      const result = await verifyThroughLicenseSync(self, w.selfOrg.id);
      expect(result).toMatchObject({ verified: false, serverMessage: CLOUD_CALL_FAILED, step: 'billing-sync', alsoCheck: 'firewall', offerFreshToken: true, error: { code: 'cloud-license-sync-failed' } });
      if (!result.verified) expect(result.error.message).toContain(`"${CLOUD_CALL_FAILED}"`);
      expect(w.selfOrg.connection?.config.LastLicenseSync).toBe(before);
      // The cloud saw the old token and refused it.
      expect(w.standIn.requests.filter((r) => r.path.startsWith('/cloud/api/licenses/organization/')).at(-1)?.status).toBe(400);
    } finally {
      w.cloudOrg.apiKeys.set(1, { apiKey: w.token, revisionDate: new Date().toISOString() });
    }
  });

  it('no route from the server to the cloud gives the same words and the same two places to look', async () => {
    const self = await w.session.manager.client('self');
    w.standIn.setServerCloudRoute({ identityUri: 'https://127.0.0.1:1/identity', apiUri: 'https://127.0.0.1:1/api' });
    try {
      const result = await verifyThroughLicenseSync(self, w.selfOrg.id);
      expect(result).toMatchObject({ verified: false, serverMessage: CLOUD_CALL_FAILED, step: 'billing-sync', alsoCheck: 'firewall' });
    } finally {
      w.standIn.setServerCloudRoute({ identityUri: `${w.standIn.url}/cloud/identity`, apiUri: `${w.standIn.url}/cloud/api` });
    }
  });

  it('someone who is not an Owner is sent to Connect', async () => {
    const member = await w.standIn.addUser('self', { email: 'member@example.test', password: 'member pw', kdf: { type: 'pbkdf2', iterations: 5000 } });
    w.selfOrg.members.set(member.id, 2);
    const s = await signIn(w.standIn, undefined, member);
    try {
      const memberClient = await s.manager.client('self');
      const result = await verifyThroughLicenseSync(memberClient, w.selfOrg.id);
      expect(result).toMatchObject({ verified: false, step: 'connect', error: { code: 'not-an-owner' } });
      // Save and status read the same words the same way, verbatim beside the explanation.
      for (const attempt of [saveBillingSyncConnection({ self: memberClient, selfHostedOrgId: w.selfOrg.id, token: w.token }), readBillingSyncStatus(memberClient, w.selfOrg.id)]) {
        const error = await attempt.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(CoreError);
        expect(error).toMatchObject({ code: 'not-an-owner', details: { step: 'connect', serverMessage: 'You do not have permission to retrieve a connection of type CloudBillingSync.' } });
      }
    } finally {
      await s.manager.close();
    }
  });

  it('a successful verify is what the report marks Sync & verify done by, with the sponsorship sync as information', async () => {
    const self = await w.session.manager.client('self');
    const before = await collectSetupReport({ host: createLocalHost(), settings: w.session.settings, secrets: w.session.secrets, connections: w.session.manager, selfHostedOrgId: w.selfOrg.id });
    expect(before.steps.find((s) => s.id === 'sync-verify')?.state).toBe('needs-attention');
    // A failed verify records nothing that would mark the step done.
    w.cloudOrg.apiKeys.set(1, { apiKey: 'ZyXwVuTsRqPoNmLkJiHgFeDcBa9876', revisionDate: new Date().toISOString() });
    const failed = await verifyAndRecord({ self, settings: w.session.settings, selfHostedOrgId: w.selfOrg.id });
    w.cloudOrg.apiKeys.set(1, { apiKey: w.token, revisionDate: new Date().toISOString() });
    expect(failed.verified).toBe(false);
    const stillNot = await collectSetupReport({ host: createLocalHost(), settings: w.session.settings, secrets: w.session.secrets, connections: w.session.manager, selfHostedOrgId: w.selfOrg.id });
    expect(stillNot.steps.find((s) => s.id === 'sync-verify')?.state).toBe('needs-attention');

    const result = await verifyAndRecord({ self, settings: w.session.settings, selfHostedOrgId: w.selfOrg.id });
    expect(result).toMatchObject({ verified: true, sponsorshipSync: { lastSyncDate: null, info: expect.stringContaining('No sponsorship requested yet') } });
    const after = await collectSetupReport({ host: createLocalHost(), settings: w.session.settings, secrets: w.session.secrets, connections: w.session.manager, selfHostedOrgId: w.selfOrg.id });
    const step = after.steps.find((s) => s.id === 'sync-verify');
    expect(step?.state).toBe('done');
    expect(step?.evidence).toContainEqual({ label: 'Sponsorship sync', value: expect.stringContaining('No sponsorship requested yet — nothing to sync') });
    if (result.verified) expect(step?.evidence.some((e) => e.value.includes(result.lastLicenseSync))).toBe(true);
  });
});

describe('verify: the other server answers', () => {
  it('no billing sync connection saved: the 404 "Unable to get Cloud Billing Sync connection" points at Billing sync, not at Connect', async () => {
    let w: World | undefined;
    try {
      w = await world({}, false);
      const self = await w.session.manager.client('self');
      const result = await verifyThroughLicenseSync(self, w.selfOrg.id);
      expect(result).toMatchObject({ verified: false, serverMessage: 'Unable to get Cloud Billing Sync connection', step: 'billing-sync', error: { code: 'billing-sync-not-saved' } });
      if (!result.verified) expect(result.error.message).not.toMatch(/not an Owner/);
      const raw = await self.syncLicense(w.selfOrg.id).then(() => undefined, (e: unknown) => e);
      expect((raw as Error).message).toMatch(/no billing sync connection is saved .*Billing sync step/);
      expect((raw as Error).message).not.toMatch(/not an Owner/);
      // renewLicenseThroughSync says the same.
      const error = await renewLicenseThroughSync(self, w.selfOrg.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreError);
      expect((error as CoreError).details).toMatchObject({ step: 'billing-sync', reason: 'billing-sync-not-saved', serverMessage: 'Unable to get Cloud Billing Sync connection' });
    } finally {
      await dispose(w);
    }
  });

  it('cloud communication off: "Cloud communication is disabled in global settings" points at Cloud communication', async () => {
    const standIn = await startBitwardenStandIn({ enableCloudCommunication: false });
    try {
      const owner = await standIn.addUser('self', { email: 'admin@example.test', password: 'x', kdf: { type: 'pbkdf2', iterations: 5000 } });
      const org = standIn.addOrganization('self', { name: 'Off', owner });
      // A connection saved while cloud communication was on; the server now runs without it.
      org.connection = { id: '00000000-0000-0000-0000-0000000000c2', enabled: true, config: { BillingSyncKey: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123', CloudOrganizationId: '00000000-0000-0000-0000-0000000000c3', LastLicenseSync: null } };
      const s = await signIn(standIn, undefined, owner);
      try {
        const result = await verifyThroughLicenseSync(await s.manager.client('self'), org.id);
        expect(result).toMatchObject({ verified: false, serverMessage: 'Cloud communication is disabled in global settings', step: 'cloud-communication', error: { code: 'cloud-communication-inactive' } });
      } finally {
        await s.manager.close();
      }
    } finally {
      await standIn.close();
    }
  });
});

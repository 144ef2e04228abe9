import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createVaultClient, type VaultClient } from '../../../main/core/vault-api';
import { signedLicensing, startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

let standIn: BitwardenStandIn;
let key: TestLicensingKey;
let cloudOwner: StandInUser;
let selfOwner: StandInUser;
let cloudOrg: StandInOrganization;
let selfOrg: StandInOrganization;
const clients: VaultClient[] = [];

async function signedIn(role: 'cloud' | 'self', user: StandInUser): Promise<VaultClient> {
  const c = createVaultClient({ role, endpoints: standIn.endpoints(role), extraCaPem: standIn.caPem, device: { type: 25, identifier: randomUUID(), name: 'test' }, clientName: 'cli', timeoutMs: 3_000 });
  clients.push(c);
  await c.signIn({ clientId: user.clientId, clientSecret: user.clientSecret });
  return c;
}

beforeAll(async () => {
  key = await createTestLicensingKey();
  standIn = await startBitwardenStandIn({ ...signedLicensing(key) });
  cloudOwner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'pw one two three' });
  selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'pw four five six' });
  cloudOrg = standIn.addOrganization('cloud', { name: 'Signed Org', owner: cloudOwner });
  selfOrg = standIn.addOrganization('self', { name: 'Signed Org (self)', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await standIn?.close();
});

describe('stand-in with real-format signed licenses (LicensingService, UpdateOrganizationLicenseCommand)', () => {
  it('a downloaded, signed license uploads; one signed by another key is refused with the server words', async () => {
    const cloud = await signedIn('cloud', cloudOwner);
    const self = await signedIn('self', selfOwner);
    const license = await cloud.downloadLicense(cloudOrg.id, standIn.installationId);
    expect(typeof license.json.token).toBe('string');
    await self.uploadLicense(selfOrg.id, license.text);

    const otherKey = await createTestLicensingKey({ commonName: 'Not the licensing key' });
    const forged = issueTestLicense({ key: otherKey, installationId: standIn.installationId, cloudOrgId: cloudOrg.id, fields: { LicenseKey: cloudOrg.licenseKey } });
    const error = await self.uploadLicense(selfOrg.id, forged.json).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).serverMessage).toBe('Invalid license. The license verification failed.');
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, createVaultClient, type VaultClient } from '../../../main/core/vault-api';
import { signedLicensing, startStandInWithOwners, type StandInUser, type StandInWithOwners } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

let world: StandInWithOwners;
let key: TestLicensingKey;
const clients: VaultClient[] = [];

async function signedIn(role: 'cloud' | 'self', user: StandInUser): Promise<VaultClient> {
  const c = createVaultClient({ role, endpoints: world.standIn.endpoints(role), extraCaPem: world.standIn.caPem, device: { type: 25, identifier: randomUUID(), name: 'test' }, clientName: 'cli', timeoutMs: 3_000 });
  clients.push(c);
  await c.signIn({ clientId: user.clientId, clientSecret: user.clientSecret });
  return c;
}

beforeAll(async () => {
  key = await createTestLicensingKey();
  world = await startStandInWithOwners({ ...signedLicensing(key) });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await world?.standIn.close();
});

describe('stand-in with real-format signed licenses (LicensingService, UpdateOrganizationLicenseCommand)', () => {
  it('a downloaded, signed license uploads; one signed by another key is refused with the server words', async () => {
    const cloud = await signedIn('cloud', world.cloudOwner);
    const self = await signedIn('self', world.selfOwner);
    const license = await cloud.downloadLicense(world.cloudOrg.id, world.standIn.installationId);
    expect(typeof license.json.token).toBe('string');
    await self.uploadLicense(world.selfOrg.id, license.text);

    const otherKey = await createTestLicensingKey({ commonName: 'Not the licensing key' });
    const forged = issueTestLicense({ key: otherKey, installationId: world.standIn.installationId, cloudOrgId: world.cloudOrg.id, fields: { LicenseKey: world.cloudOrg.licenseKey } });
    const error = await self.uploadLicense(world.selfOrg.id, forged.json).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).serverMessage).toBe('Invalid license. The license verification failed.');
  });
});

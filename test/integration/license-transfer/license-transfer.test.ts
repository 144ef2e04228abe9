import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager, type ConnectionManager } from '../../../main/core/connections';
import { downloadLicense, findInstallationRegion, uploadLicense } from '../../../main/core/license-transfer';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import type { CoreError } from '../../../main/core/shared';
import { signedLicensing, startStandInWithOwners, type StandInWithOwners } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

let world: StandInWithOwners;
let key: TestLicensingKey;
let connections: ConnectionManager;
let folder: string;

beforeAll(async () => {
  key = await createTestLicensingKey();
  world = await startStandInWithOwners({ ...signedLicensing(key) });
  const { standIn, cloudOwner, selfOwner } = world;
  const settings = new MemorySettingsStore();
  connections = createConnectionManager({ settings, secrets: new MemorySecretStore(), surface: 'cli', env: {}, clientOptions: { timeoutMs: 3_000, maxRetries: 0 } });
  // Sign in through the real ConnectionManager with the stand-in's CA.
  await connections.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: cloudOwner.clientId, clientSecret: cloudOwner.clientSecret, caFile: standIn.caFile });
  await connections.login('self', { endpoints: standIn.endpoints('self'), clientId: selfOwner.clientId, clientSecret: selfOwner.clientSecret, caFile: standIn.caFile });
  folder = await mkdtemp(path.join(os.tmpdir(), 'license-transfer-it-'));
});

afterAll(async () => {
  await connections?.close();
  await world?.standIn.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('license transfer against the stand-in', () => {
  it('asks both regions and finds the one that knows the installation', async () => {
    const unknownId = randomUUID();
    const endpoints = { US: world.standIn.endpoints('cloud'), EU: { apiUrl: `${world.standIn.url}/nowhere/api`, identityUrl: `${world.standIn.url}/nowhere/identity` } };
    const known = await findInstallationRegion(world.standIn.installationId, { endpoints, extraCaPem: world.standIn.caPem, timeoutMs: 3_000 });
    expect(known).toMatchObject({ knownIn: 'US', enabled: true });
    const unknown = await findInstallationRegion(unknownId, { endpoints, extraCaPem: world.standIn.caPem, timeoutMs: 3_000 });
    expect(unknown.knownIn).toBeNull();
    expect(unknown.answers.find((a) => a.region === 'US')).toEqual({ region: 'US', outcome: 'unknown' });
  });

  it('downloads the exact text, inspects it as usable, uploads it and confirms on the server', async () => {
    const downloaded = await downloadLicense(connections, {
      cloudOrgId: world.cloudOrg.id,
      installationId: world.standIn.installationId,
      outPath: folder,
      certificate: key.certificateDer,
    });
    expect(path.basename(downloaded.path)).toBe('bitwarden_organization_license.json');
    const bytes = new Uint8Array(await readFile(downloaded.path));
    expect(downloaded.inspection).toMatchObject({ usable: true, checks: { token: 'valid' } });

    const uploaded = await uploadLicense(connections, { selfOrgId: world.selfOrg.id, bytes, installationId: world.standIn.installationId, certificate: key.certificateDer });
    expect(uploaded).toMatchObject({ uploaded: true, forced: false, confirmation: { confirmed: true } });
    expect(world.selfOrg.license).toBeDefined();
  });

  it('a download for an installation the region does not know fails with the server words and the region hint', async () => {
    const error = (await downloadLicense(connections, { cloudOrgId: world.cloudOrg.id, installationId: randomUUID(), outPath: path.join(folder, 'other.json') }).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('license-download-failed');
    expect(error.message).toContain('The server said: "Invalid installation id"');
    expect(error.message).toMatch(/other region/);
  });

  it('a forced upload of a forged license shows the server refusal verbatim with an explanation', async () => {
    const otherKey = await createTestLicensingKey({ commonName: 'Not the licensing key' });
    const forged = issueTestLicense({ key: otherKey, installationId: world.standIn.installationId, cloudOrgId: world.cloudOrg.id, fields: { LicenseKey: world.cloudOrg.licenseKey } });
    const bytes = new TextEncoder().encode(forged.json);
    // Inspected with the real certificate, the forgery is a problem: refused before any upload.
    const refused = (await uploadLicense(connections, { selfOrgId: world.selfOrg.id, bytes, certificate: key.certificateDer }).catch((e: unknown) => e)) as CoreError;
    expect(refused.code).toBe('license-not-usable');
    const error = (await uploadLicense(connections, { selfOrgId: world.selfOrg.id, bytes, certificate: key.certificateDer, force: true }).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('license-upload-rejected');
    expect(error.details).toMatchObject({ serverMessage: 'Invalid license. The license verification failed.', status: 400 });
    expect(error.message).toMatch(/signature or token/);
  });

  it('a license for another installation is refused by the server with the installation message', async () => {
    const other = issueTestLicense({ key, installationId: randomUUID(), cloudOrgId: world.cloudOrg.id, fields: { LicenseKey: world.cloudOrg.licenseKey } });
    const error = (await uploadLicense(connections, { selfOrgId: world.selfOrg.id, bytes: new TextEncoder().encode(other.json), force: true }).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('license-upload-rejected');
    expect(String(error.details?.serverMessage)).toContain('The installation ID does not match the current installation.');
    expect(error.message).toMatch(/issued for another installation/);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cloudDownloadSteps,
  cloudSubscriptionPageUrl,
  downloadLicense,
  explainServerMessage,
  findInstallationRegion,
  LICENSES_FOLDER_EXPLANATION,
  regionMismatchNote,
  selfHostedUploadSteps,
  uploadLicense,
  type InstallationLookupClient,
  type LicenseClientProvider,
  type LicenseVaultClient,
} from '../../../main/core/license-transfer';
import { ApiError } from '../../../main/core/vault-api';
import { CoreError } from '../../../main/core/shared';

const ID = '7d6f3c8e-1111-4a2b-9c3d-123456789abc';
const ORG = '11111111-2222-4333-8444-555555555555';

describe('server messages (license upload validation, cloud generation errors)', () => {
  it.each([
    ['Invalid installation id', /region/],
    ['No active subscription found.', /active subscription/],
    ['License is already in use by another organization vault.', /same license key/],
    ['Invalid license. The installation ID does not match the current installation.', /another installation/],
    ['Invalid license. The license has expired.', /past its expiry/],
    ["Invalid license. The license hasn't been issued yet.", /clock/],
    ['Invalid license. Version 17 is not supported.', /Update the self-hosted server/],
    ['Invalid license. The license verification failed.', /signature or token/],
    ['Invalid license. The license does not allow for on-premise hosting of organizations.', /self-hosting/],
    ['Invalid license. Premium licenses cannot be applied to an organization vault.', /Premium/],
    ['Invalid license', /could not read the uploaded file/],
    ['An error has occurred. Check your internet connection and ensure the billing token is correct.', /billing sync token .*Billing sync step.*Firewall check from the server/],
    ['Unable to get Cloud Billing Sync connection', /No billing sync connection is saved.*Billing sync step/],
    ['Cloud communication is disabled in global settings', /Cloud communication step/],
  ])('explains %j', (message, expected) => {
    const explanations = explainServerMessage(message);
    expect(explanations.length).toBeGreaterThan(0);
    expect(explanations.join(' ')).toMatch(expected);
  });

  it('has nothing to add for an unknown message or none', () => {
    expect(explainServerMessage('Something unrelated happened')).toEqual([]);
    expect(explainServerMessage(undefined)).toEqual([]);
  });
});

describe('web-vault steps', () => {
  it('links the subscription page of the right region (bitwarden/clients billing route)', () => {
    expect(cloudSubscriptionPageUrl('US', ORG)).toBe(`https://vault.bitwarden.com/#/organizations/${ORG}/billing/subscription`);
    expect(cloudSubscriptionPageUrl('EU', ORG.toUpperCase())).toBe(`https://vault.bitwarden.eu/#/organizations/${ORG}/billing/subscription`);
    expect(cloudSubscriptionPageUrl('US', 'not-a-guid')).toBe('https://vault.bitwarden.com/#/vault');
  });

  it('cloud steps name the installation ID and the Download License button', () => {
    const steps = cloudDownloadSteps({ region: 'EU', installationId: ID, cloudOrgId: null });
    expect(steps.url).toBe('https://vault.bitwarden.eu/#/vault');
    expect(steps.steps.join('\n')).toContain('"Download License"');
    expect(steps.steps.join('\n')).toContain(ID);
    expect(steps.notes.join(' ')).toContain('EU');
  });

  it('self-hosted steps use Update License and warn against copying into bwdata/core/licenses', () => {
    const steps = selfHostedUploadSteps({ vaultUrl: 'https://vault.example.test/', selfOrgId: ORG });
    expect(steps.url).toBe(`https://vault.example.test/#/organizations/${ORG}/billing/subscription`);
    expect(steps.steps.join('\n')).toContain('"Update License"');
    expect(steps.notes).toContain(LICENSES_FOLDER_EXPLANATION);
    expect(LICENSES_FOLDER_EXPLANATION).toMatch(/case-sensitively.*PascalCase.*camelCase/);
    const create = selfHostedUploadSteps({ vaultUrl: null, noOrganizationYet: true });
    expect(create.url).toBe('');
    expect(create.notes.join(' ')).toContain('organization keys');
  });
});

describe('findInstallationRegion', () => {
  const fake = (answers: Record<string, { id: string; enabled: boolean } | null | Error>) => (region: 'US' | 'EU'): InstallationLookupClient => ({
    async getInstallation() {
      const answer = answers[region];
      if (answer instanceof Error) throw answer;
      return answer ?? null;
    },
    close: async () => {},
  });

  it('reports the region that knows the ID', async () => {
    const result = await findInstallationRegion(ID.toUpperCase(), { clientFactory: fake({ US: null, EU: { id: ID, enabled: true } }) });
    expect(result).toMatchObject({ installationId: ID, knownIn: 'EU', enabled: true });
    expect(result.message).toContain('EU cloud');
  });

  it('says when the knowing region has it disabled, and when neither knows it', async () => {
    const disabled = await findInstallationRegion(ID, { clientFactory: fake({ US: { id: ID, enabled: false }, EU: null }) });
    expect(disabled).toMatchObject({ knownIn: 'US', enabled: false });
    expect(disabled.message).toContain('DISABLED');
    const none = await findInstallationRegion(ID, { clientFactory: fake({ US: null, EU: null }) });
    expect(none).toMatchObject({ knownIn: null, enabled: null });
    expect(none.message).toContain('Neither');
  });

  it('turns a network failure into that region\'s answer, not an exception', async () => {
    const result = await findInstallationRegion(ID, {
      clientFactory: fake({ US: new ApiError('vault-timeout', 'no answer in time', { status: 0, operation: 'GET /installations/{id}' }), EU: null }),
    });
    expect(result.answers).toContainEqual({ region: 'US', outcome: 'error', code: 'vault-timeout', message: 'no answer in time' });
    expect(result.knownIn).toBeNull();
  });

  it('refuses a malformed ID before contacting anything', async () => {
    let asked = false;
    const error = await findInstallationRegion('nope', {
      clientFactory: () => {
        asked = true;
        throw new Error('should not be called');
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).outcome).toBe('unusable-input');
    expect(asked).toBe(false);
  });

  it('regionMismatchNote explains the usual cause of "Invalid installation id"', () => {
    expect(regionMismatchNote('EU', 'US')).toContain('Invalid installation id');
    expect(regionMismatchNote('US', 'US')).toBeNull();
    expect(regionMismatchNote(null, 'US')).toBeNull();
  });
});

describe('download and upload with a fake connection', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    folder = undefined;
  });

  function connectionsWith(client: Partial<LicenseVaultClient>): LicenseClientProvider {
    return { client: async () => client as LicenseVaultClient };
  }

  it('download keeps the exact text, uses the web vault name in a folder, and refuses to overwrite', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'license-transfer-'));
    const text = '{\n  "id": "x",\r\n  "odd":   true }';
    const connections = connectionsWith({ downloadLicense: async () => ({ text, json: {} }) });
    const result = await downloadLicense(connections, { cloudOrgId: ORG, installationId: ID, outPath: folder });
    expect(result.path).toBe(path.join(folder, 'bitwarden_organization_license.json'));
    expect(await readFile(result.path, 'utf8')).toBe(text);
    expect(result.inspection.usable).toBe(false);
    const again = await downloadLicense(connections, { cloudOrgId: ORG, installationId: ID, outPath: folder }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'output-exists', outcome: 'unusable-input' });
    await downloadLicense(connections, { cloudOrgId: ORG, installationId: ID, outPath: result.path, overwrite: true });
  });

  it('a cloud refusal carries the server words and the region hint', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'license-transfer-'));
    const connections = connectionsWith({
      downloadLicense: async () => {
        throw new ApiError('vault-rejected', 'refused', { status: 400, operation: 'GET /organizations/{id}/license', serverMessage: 'Invalid installation id' });
      },
    });
    const error = (await downloadLicense(connections, { cloudOrgId: ORG, installationId: ID, outPath: path.join(folder, 'x.json') }).catch((e: unknown) => e)) as CoreError;
    expect(error.code).toBe('license-download-failed');
    expect(error.message).toContain('"Invalid installation id"');
    expect(error.message).toMatch(/region/);
    expect(error.details).toMatchObject({ serverMessage: 'Invalid installation id', status: 400 });
    await expect(readFile(path.join(folder, 'x.json'))).rejects.toThrow();
  });

  it('upload refuses a license with problems unless forced, and never calls the server then', async () => {
    let uploads = 0;
    const connections = connectionsWith({
      uploadLicense: async () => void (uploads += 1),
      getOrganizationSubscription: async () => ({ id: ORG, name: 'Acme', expiration: null }),
    });
    const bytes = new TextEncoder().encode('not json');
    const refused = await uploadLicense(connections, { selfOrgId: ORG, bytes }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'license-not-usable', outcome: 'problem' });
    expect(uploads).toBe(0);
    const forced = await uploadLicense(connections, { selfOrgId: ORG, bytes, force: true });
    expect(uploads).toBe(1);
    expect(forced).toMatchObject({ uploaded: true, forced: true });
  });
});

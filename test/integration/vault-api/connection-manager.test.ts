import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager } from '../../../main/core/connections';
import { MemorySecretStore, apiKeyAccount } from '../../../main/core/secrets';
import { FileSettingsStore } from '../../../main/core/settings';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';

let standIn: BitwardenStandIn;
let folder: string;
let owner: StandInUser;
let plainUser: StandInUser;
let selfOwner: StandInUser;
let cloudOrg: StandInOrganization;

beforeAll(async () => {
  standIn = await startBitwardenStandIn({ tokenLifetimeSeconds: 3600 });
  owner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'owner master password', kdf: { type: 'pbkdf2', iterations: 600_000 } });
  plainUser = await standIn.addUser('cloud', { email: 'member@example.test', password: 'member password' });
  selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'admin master password' });
  cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', owner, members: [{ user: plainUser, type: 1 }] });
  standIn.addOrganization('self', { name: 'Acme self', owner: selfOwner });
  standIn.addInstallation(standIn.installationId);
  folder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-connections-'));
});

afterAll(async () => {
  await standIn?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('ConnectionManager', () => {
  it('full login/token flow leaves no secret in the settings folder or the logs', async () => {
    const logs: string[] = [];
    const settingsFile = path.join(folder, 'config', 'sponsorship-setup', 'settings.json');
    const settings = new FileSettingsStore(settingsFile);
    const secrets = new MemorySecretStore();
    const manager = createConnectionManager({ settings, secrets, surface: 'cli', env: {}, log: (line) => logs.push(line) });

    const cloud = await manager.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: owner.clientId, clientSecret: owner.clientSecret, caFile: standIn.caFile, region: 'custom' });
    expect(cloud.ownerOrganizations.map((o) => o.id)).toEqual([cloudOrg.id]);
    expect(cloud.explanation).toBeUndefined();
    await manager.login('self', { endpoints: standIn.endpoints('self'), clientId: selfOwner.clientId, clientSecret: selfOwner.clientSecret, caFile: standIn.caFile, vaultUrl: standIn.selfVaultUrl });

    // Token use, renewal and the master-password path, so every secret crosses the code once.
    const client = await manager.client('cloud');
    standIn.expireTokens('cloud');
    const token = await client.getOrCreateBillingSyncKey(cloudOrg.id, await client.verificationFromMasterPassword('owner master password'));
    const license = await client.downloadLicense(cloudOrg.id, standIn.installationId);
    const self = await manager.client('self');
    await self.uploadLicense([...standIn.state.self.organizations.values()][0]!.id, license.text);

    const who = await manager.whoami();
    expect(who.cloud && 'email' in who.cloud ? who.cloud.email : undefined).toBe('owner@example.test');
    expect(who.self && 'email' in who.self ? who.self.secretSource : undefined).toBe('memory');

    expect(await secrets.get(apiKeyAccount('cloud', owner.clientId))).toBe(owner.clientSecret);
    const saved = JSON.parse(await readFile(settingsFile, 'utf8')) as { servers: { cloud: { clientId: string } }; deviceId: string };
    expect(saved.servers.cloud.clientId).toBe(owner.clientId);
    expect(saved.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.some((l) => l.startsWith('[vault-api] POST /connect/token'))).toBe(true);

    const secretValues = [owner.clientSecret, selfOwner.clientSecret, 'owner master password', owner.masterPasswordHash, token.apiKey];
    const haystacks = [...(await Promise.all((await filesUnder(folder)).map((f) => readFile(f, 'utf8')))), logs.join('\n')];
    for (const secret of secretValues) {
      for (const text of haystacks) expect(text.includes(secret)).toBe(false);
    }
    // The access tokens the stand-in issued must not be logged either.
    for (const issued of standIn.state.cloud.tokens.keys()) expect(logs.join('\n').includes(issued)).toBe(false);
    await manager.close();
  });

  it('explains when the account owns no organization', async () => {
    const manager = createConnectionManager({ settings: new FileSettingsStore(path.join(folder, 'member', 'settings.json')), secrets: new MemorySecretStore(), surface: 'desktop', env: {} });
    const who = await manager.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: plainUser.clientId, clientSecret: plainUser.clientSecret, caFile: standIn.caFile });
    expect(who.ownerOrganizations).toEqual([]);
    expect(who.explanation).toMatch(/not an Owner of any organization.*Acme: Admin/);
    await manager.close();
  });

  it('a refused login saves nothing', async () => {
    const settingsFile = path.join(folder, 'refused', 'settings.json');
    const secrets = new MemorySecretStore();
    const manager = createConnectionManager({ settings: new FileSettingsStore(settingsFile), secrets, surface: 'cli', env: {} });
    await expect(manager.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: owner.clientId, clientSecret: 'wrong', caFile: standIn.caFile })).rejects.toMatchObject({ code: 'vault-sign-in-failed' });
    expect(await secrets.list()).toEqual([]);
    const saved = await new FileSettingsStore(settingsFile).load();
    expect(saved.servers).toEqual({});
    await manager.close();
  });

  it('client() takes the secret from the store after a restart, or from BW_CLIENTID/BW_CLIENTSECRET; logout forgets both', async () => {
    const settingsFile = path.join(folder, 'restart', 'settings.json');
    const secrets = new MemorySecretStore();
    const first = createConnectionManager({ settings: new FileSettingsStore(settingsFile), secrets, surface: 'cli', env: {} });
    await first.login('cloud', { endpoints: standIn.endpoints('cloud'), clientId: owner.clientId, clientSecret: owner.clientSecret, caFile: standIn.caFile });
    await first.close();

    const second = createConnectionManager({ settings: new FileSettingsStore(settingsFile), secrets, surface: 'cli', env: {} });
    expect((await (await second.client('cloud')).getProfile()).email).toBe('owner@example.test');
    await second.logout('cloud');
    expect(await secrets.list()).toEqual([]);
    await expect(second.client('cloud')).rejects.toMatchObject({ code: 'not-signed-in' });
    await second.close();

    // Environment credentials: endpoints still come from settings.
    const settings = new FileSettingsStore(settingsFile);
    await settings.update((s) => ({ ...s, servers: { cloud: { apiUrl: standIn.endpoints('cloud').apiUrl, identityUrl: standIn.endpoints('cloud').identityUrl, caFile: standIn.caFile } } }));
    const fromEnv = createConnectionManager({ settings, secrets: new MemorySecretStore(), surface: 'cli', env: { BW_CLIENTID: owner.clientId, BW_CLIENTSECRET: owner.clientSecret } });
    const who = await fromEnv.whoami();
    expect(who.cloud).toMatchObject({ email: 'owner@example.test', clientId: owner.clientId, secretSource: 'environment' });
    expect(who.self).toBeUndefined();
    expect((await (await fromEnv.client('cloud')).getProfile()).email).toBe('owner@example.test');
    await fromEnv.close();
  });
});

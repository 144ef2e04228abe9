import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createConnectionManager, type ConnectionManager } from '../../../main/core/connections';
import { apiKeyAccount, MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { CoreError } from '../../../main/core/shared';
import { cloudEndpoints } from '../../../main/core/vault-api';
import { createDispatcher, INVOKE } from '../../../main/ipc';
import { connectionsHandlers } from '../../../main/ipc/handlers/connections-handlers';
import { createTrust } from '../../../main/ipc/trust';
import { fakeAppServices, tableWithOnly } from '../../support/app-services';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { closedPort } from '../../support/network/servers';

/** A cheap KDF: these users never derive a master password hash in this file. */
const KDF = { type: 'pbkdf2', iterations: 5000 } as const;
const MEMBER_TYPE_USER = 2;

let standIn: BitwardenStandIn;
/** Owns Acme, is a plain User of Other (cloud). */
let owner: StandInUser;
/** Owns Acme and Acme Two, is a plain User of Other (cloud). */
let ownerOfTwo: StandInUser;
let selfOwner: StandInUser;
let acme: StandInOrganization;
let acmeTwo: StandInOrganization;
let other: StandInOrganization;
let selfOrg: StandInOrganization;
/** The stand-in's cloud, reached by two host names so the page names two new hosts, as a real custom cloud does. */
let cloudApiUrl: string;
let cloudIdentityUrl: string;
let hostPort: { localhost: string; loopback: string };
const managers: ConnectionManager[] = [];

beforeAll(async () => {
  standIn = await startBitwardenStandIn();
  const port = new URL(standIn.url).port;
  hostPort = { localhost: `localhost:${port}`, loopback: `127.0.0.1:${port}` };
  cloudApiUrl = standIn.endpoints('cloud').apiUrl.replace('127.0.0.1', 'localhost');
  cloudIdentityUrl = standIn.endpoints('cloud').identityUrl;
  owner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'unused', kdf: KDF });
  ownerOfTwo = await standIn.addUser('cloud', { email: 'two@example.test', password: 'unused', kdf: KDF });
  selfOwner = await standIn.addUser('self', { email: 'self-owner@example.test', password: 'unused', kdf: KDF });
  acme = standIn.addOrganization('cloud', { name: 'Acme', owner });
  acmeTwo = standIn.addOrganization('cloud', { name: 'Acme Two', owner: ownerOfTwo });
  acme.members.set(ownerOfTwo.id, 0);
  other = standIn.addOrganization('cloud', { name: 'Other', members: [{ user: owner, type: MEMBER_TYPE_USER }, { user: ownerOfTwo, type: MEMBER_TYPE_USER }] });
  selfOrg = standIn.addOrganization('self', { name: 'Acme self', owner: selfOwner });
});

afterEach(async () => {
  for (const manager of managers.splice(0)) await manager.close();
});

afterAll(async () => {
  await standIn?.close();
});

/** The real connection manager and the connections handlers, as the app wires them, against the stand-in. */
function setup() {
  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  const log = vi.fn();
  const manager = createConnectionManager({ settings, secrets, surface: 'desktop', env: {}, log });
  managers.push(manager);
  const pickFile = vi.fn(async () => standIn.caFile);
  const confirm = vi.fn(async (_question: { message: string }) => true);
  const services = fakeAppServices({
    dialogs: { pickFolder: async () => null, pickFile, saveFile: async () => null, confirm },
    settings,
    secrets: { store: secrets, persistent: false, reason: 'no keychain in this test' },
    connections: manager,
    log,
  });
  const events: unknown[] = [];
  const dispatcher = createDispatcher(tableWithOnly(connectionsHandlers(services)), log);
  const call = (channel: string, payload: unknown) => dispatcher.dispatch(channel, payload, (event, data) => events.push([event, data]));
  const caFileId = async () => {
    const picked = await call(INVOKE.connectionsPickCaFile, undefined);
    return (picked as { ok: true; value: { file: { fileId: string } } }).value.file.fileId;
  };
  const loginCloud = async (user: StandInUser) =>
    call(INVOKE.connectionsLogin, { role: 'cloud', region: 'custom', apiUrl: cloudApiUrl, identityUrl: `${cloudIdentityUrl}/`, clientId: user.clientId, clientSecret: user.clientSecret, caFileId: await caFileId() });
  const loginSelf = async (user: StandInUser) =>
    call(INVOKE.connectionsLogin, { role: 'self', vaultUrl: `${standIn.selfVaultUrl}/`, clientId: user.clientId, clientSecret: user.clientSecret, caFileId: await caFileId() });
  return { settings, secrets, manager, log, pickFile, confirm, call, events, caFileId, loginCloud, loginSelf };
}

describe('connections IPC handlers with the real connection manager against the stand-in', () => {
  it('status keeps the chosen owned organization and passes a failing sign-in through with its place', async () => {
    const { call, settings, secrets, loginSelf } = setup();
    expect(await loginSelf(selfOwner)).toMatchObject({ ok: true, value: { organizationId: selfOrg.id } });
    // A saved cloud connection whose server does not answer now.
    const port = await closedPort();
    await secrets.set(apiKeyAccount('cloud', owner.clientId), owner.clientSecret);
    await settings.update((s) => ({
      ...s,
      servers: { ...s.servers, cloud: { region: 'custom', apiUrl: `https://127.0.0.1:${port}/api`, identityUrl: `https://127.0.0.1:${port}/identity`, clientId: owner.clientId, caFile: standIn.caFile } },
    }));
    const result = await call(INVOKE.connectionsStatus, undefined);
    expect(result).toMatchObject({
      ok: true,
      value: {
        self: { state: 'signed-in', vaultUrl: standIn.selfVaultUrl, organizationId: selfOrg.id, email: selfOwner.email },
        cloud: { state: 'error', region: 'custom', ownerOrganizations: [], error: { code: 'vault-unreachable' } },
      },
    });
  });

  it('signs in to the cloud by region and to the self-hosted vault by URL, never returning the secret', async () => {
    const { call, manager, events, log, settings, confirm, loginCloud, loginSelf } = setup();
    const login = vi.spyOn(manager, 'login');
    // Bitwarden's own EU cloud is the one sign-in that would leave loopback: the manager is stopped there,
    // after the handler has chosen the endpoints and decided whether to ask.
    login.mockImplementationOnce(async () => {
      throw new CoreError('vault-unreachable', 'This test does not leave loopback.', 'problem');
    });
    const eu = await call(INVOKE.connectionsLogin, { role: 'cloud', region: 'EU', clientId: owner.clientId, clientSecret: owner.clientSecret });
    expect(eu).toMatchObject({ ok: false, error: { code: 'vault-unreachable' } });
    expect(confirm).not.toHaveBeenCalled();
    const before = standIn.requests.length;
    const responses = [await loginCloud(owner), await loginSelf(selfOwner), await call(INVOKE.connectionsStatus, undefined), await call(INVOKE.connectionsChooseOrganization, { role: 'self', organizationId: selfOrg.id })];
    expect(responses.every((r) => r.ok)).toBe(true);
    expect(login.mock.calls.map(([role, input]) => [role, input.endpoints, input.clientSecret])).toEqual([
      ['cloud', cloudEndpoints('EU'), owner.clientSecret],
      ['cloud', { apiUrl: cloudApiUrl, identityUrl: `${cloudIdentityUrl}/` }, owner.clientSecret],
      ['self', standIn.endpoints('self'), selfOwner.clientSecret],
    ]);
    expect(login.mock.calls[2]![1]).toMatchObject({ vaultUrl: standIn.selfVaultUrl, caFile: standIn.caFile });
    // Both servers were really asked for a token, as the desktop app.
    const tokenRequests = standIn.requests.slice(before).filter((r) => r.path.endsWith('/connect/token'));
    expect(tokenRequests.map((r) => [r.path, r.status, r.clientName])).toEqual([
      ['/cloud/identity/connect/token', 200, 'desktop'],
      ['/self/identity/connect/token', 200, 'desktop'],
    ]);
    // Bitwarden's EU cloud needed no question; the explicit endpoints and the typed vault did, each naming its host.
    expect(confirm.mock.calls.map(([question]) => question.message)).toEqual([
      `Send your API key to ${hostPort.localhost}?`,
      `Send your API key to ${hostPort.loopback}?`,
      `Send your API key to ${hostPort.loopback}?`,
    ]);
    expect((await settings.load()).servers.self?.confirmedHosts).toEqual([hostPort.loopback]);
    expect(responses[0]).toMatchObject({ ok: true, value: { role: 'cloud', state: 'signed-in', email: owner.email, region: 'custom' } });
    expect(responses[2]).toMatchObject({
      ok: true,
      value: { cloud: { role: 'cloud' }, self: { role: 'self', vaultUrl: standIn.selfVaultUrl }, secretStorage: { persistent: false, reason: 'no keychain in this test' } },
    });
    // No response, event, settings value or log line carries a secret.
    const everything = JSON.stringify([eu, responses, events, await settings.load(), log.mock.calls]);
    expect(everything).not.toContain(owner.clientSecret);
    expect(everything).not.toContain(selfOwner.clientSecret);
  });

  it('chooses the only owned organization at sign-in, and otherwise lets the admin pick an owned one only', async () => {
    const single = setup();
    expect(await single.loginCloud(owner)).toMatchObject({ ok: true, value: { organizationId: acme.id } });
    expect((await single.settings.load()).servers.cloud?.organizationId).toBe(acme.id);

    const two = setup();
    expect(await two.loginCloud(ownerOfTwo)).toMatchObject({ ok: true, value: { organizationId: null } });
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: acmeTwo.id })).toMatchObject({ ok: true, value: { organizationId: acmeTwo.id } });
    expect((await two.settings.load()).servers.cloud?.organizationId).toBe(acmeTwo.id);
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: other.id })).toMatchObject({
      ok: false,
      error: { kind: 'unusable-input', code: 'not-an-owner', message: expect.stringMatching(/User of Other, not Owner/) },
    });
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'self', organizationId: selfOrg.id })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect((await two.settings.load()).servers.cloud?.organizationId).toBe(acmeTwo.id);
  });

  it('offers the API key pages by link id: the cloud per region and the signed-in vault, nothing the page named', async () => {
    const vault = 'https://vault.example.test';
    const settings = new MemorySettingsStore({ servers: { self: { vaultUrl: vault, apiUrl: `${vault}/api`, identityUrl: `${vault}/identity`, clientId: selfOwner.clientId } } });
    const trust = createTrust();
    const services = fakeAppServices({ settings });
    const dispatcher = createDispatcher(tableWithOnly(connectionsHandlers(services, trust)), vi.fn());
    const result = await dispatcher.dispatch(INVOKE.connectionsApiKeyPages, { installId: null }, () => {});
    const pages = (result as { ok: true; value: { cloud: { US: string; EU: string }; self: string | null } }).value;
    expect(trust.links.url(pages.cloud.US)).toBe('https://vault.bitwarden.com/#/settings/security/security-keys');
    expect(trust.links.url(pages.cloud.EU)).toBe('https://vault.bitwarden.eu/#/settings/security/security-keys');
    expect(trust.links.url(pages.self!)).toBe(`${vault}/#/settings/security/security-keys`);
    expect((await dispatcher.dispatch(INVOKE.connectionsApiKeyPages, { installId: 'not-a-handle' }, () => {})).ok).toBe(false);
  });

  it('refuses bad payloads at the boundary without calling the manager', async () => {
    const { call, manager } = setup();
    const login = vi.spyOn(manager, 'login');
    const secret = owner.clientSecret;
    const base = { clientId: owner.clientId, clientSecret: secret };
    const vaultUrl = standIn.selfVaultUrl;
    const bad: unknown[] = [
      undefined,
      { role: 'cloud', region: 'MARS', ...base },
      { role: 'cloud', region: 'custom', apiUrl: cloudApiUrl.replace('https:', 'http:'), identityUrl: cloudIdentityUrl, ...base },
      { role: 'cloud', region: 'custom', apiUrl: cloudApiUrl, ...base },
      { role: 'self', vaultUrl: vaultUrl.replace('https:', 'http:'), ...base },
      { role: 'self', vaultUrl, clientId: owner.clientId, clientSecret: '' },
      { role: 'self', vaultUrl, clientId: owner.clientId, clientSecret: 'x'.repeat(5000) },
      { role: 'self', vaultUrl, ...base, caFile: '' },
      { role: 'self', vaultUrl, ...base, caFile: '/home/admin/.ssh/id_rsa' },
      { role: 'self', vaultUrl, ...base, caFileId: '/home/admin/.ssh/id_rsa' },
      { role: 'self', vaultUrl, ...base, password: 'extra fields are refused' },
      { role: 'admin', vaultUrl, ...base },
    ];
    const before = standIn.requests.length;
    for (const payload of bad) {
      const result = await call(INVOKE.connectionsLogin, payload);
      expect(result, JSON.stringify(payload)?.slice(0, 120)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      // The refusal explains the field, but never echoes the secret it was sent.
      expect(JSON.stringify(result)).not.toContain(secret);
    }
    expect(await call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: 'not-a-guid' })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(await call(INVOKE.connectionsLogout, { role: 'both' })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(login).not.toHaveBeenCalled();
    expect(standIn.requests.length).toBe(before);
  });

  it('signs out one role, forgetting its secret and settings, and picks a CA file through the native dialog', async () => {
    const { call, pickFile, settings, secrets, loginSelf, loginCloud } = setup();
    expect((await loginSelf(selfOwner)).ok).toBe(true);
    expect((await loginCloud(owner)).ok).toBe(true);
    expect(await call(INVOKE.connectionsLogout, { role: 'self' })).toEqual({ ok: true, value: { role: 'self', signedOut: true } });
    expect((await settings.load()).servers.self).toBeUndefined();
    expect(await secrets.list()).toEqual([apiKeyAccount('cloud', owner.clientId)]);
    expect(await call(INVOKE.connectionsStatus, undefined)).toMatchObject({ ok: true, value: { self: null, cloud: { state: 'signed-in' } } });
    pickFile.mockClear();
    expect(await call(INVOKE.connectionsPickCaFile, undefined)).toEqual({ ok: true, value: { file: { fileId: expect.any(String), name: expect.stringMatching(/^stand-in-ca-.*\.pem$/) } } });
    expect(pickFile).toHaveBeenCalledWith(expect.objectContaining({ extensions: ['pem', 'crt', 'cer'] }));
  });
});

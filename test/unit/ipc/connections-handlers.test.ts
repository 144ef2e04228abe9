import { describe, expect, it, vi } from 'vitest';
import type { ConnectionManager, LoginInput, RoleIdentity } from '../../../main/core/connections';
import { MemorySettingsStore } from '../../../main/core/settings';
import { createDispatcher, INVOKE, type AppServices } from '../../../main/ipc';
import { tableWithOnly } from '../../support/app-services';
import { connectionsHandlers } from '../../../main/ipc/handlers/connections-handlers';
import { createTrust } from '../../../main/ipc/trust';

const SECRET = 'TopSecretClientSecret0123456789';
const CLIENT_ID = 'user.11111111-2222-3333-4444-555555555555';
const OWNED = { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Acme', type: 0, role: 'Owner', isOwner: true };
const OWNED_TOO = { id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Acme Two', type: 0, role: 'Owner', isOwner: true };
const MEMBER = { id: 'bbbbbbbb-0000-4000-8000-000000000003', name: 'Other', type: 2, role: 'User', isOwner: false };

/** A connection manager double that records what the handlers hand it and saves settings like the real one. */
function fakeConnections(settings: MemorySettingsStore, organizations = [OWNED, MEMBER]) {
  const logins: Array<{ role: string; input: LoginInput }> = [];
  const identity = (role: 'cloud' | 'self', endpoints: LoginInput['endpoints']): RoleIdentity => ({
    role,
    endpoints,
    email: 'owner@example.test',
    clientId: CLIENT_ID,
    organizations,
    ownerOrganizations: organizations.filter((o) => o.isOwner),
    secretSource: 'memory',
  });
  const manager = {
    logins,
    async login(role: 'cloud' | 'self', input: LoginInput) {
      logins.push({ role, input });
      await settings.update((s) => ({
        ...s,
        servers: { ...s.servers, [role]: { apiUrl: input.endpoints.apiUrl, identityUrl: input.endpoints.identityUrl, clientId: input.clientId, ...(input.region ? { region: input.region } : {}), ...(input.vaultUrl ? { vaultUrl: input.vaultUrl } : {}) } },
      }));
      return identity(role, input.endpoints);
    },
    logout: vi.fn(async () => {}),
    async whoami() {
      const { servers } = await settings.load();
      return Object.fromEntries(
        (['cloud', 'self'] as const).filter((role) => servers[role]).map((role) => [role, identity(role, { apiUrl: servers[role]!.apiUrl, identityUrl: servers[role]!.identityUrl })]),
      );
    },
  };
  return manager;
}

function setup(organizations?: typeof OWNED[]) {
  const settings = new MemorySettingsStore();
  const connections = fakeConnections(settings, organizations);
  const log = vi.fn();
  const pickFile = vi.fn(async () => '/etc/ssl/private-root.pem');
  const confirm = vi.fn(async (_question: { message: string }) => true);
  const services = {
    dialogs: { pickFolder: async () => null, pickFile, saveFile: async () => null, confirm },
    settings,
    secrets: { store: {} as never, persistent: false, reason: 'no keychain in this test' },
    connections: connections as unknown as ConnectionManager,
    log,
  } as unknown as AppServices;
  const events: unknown[] = [];
  const dispatcher = createDispatcher(tableWithOnly(connectionsHandlers(services)), log);
  const call = (channel: string, payload: unknown) => dispatcher.dispatch(channel, payload, (event, data) => events.push([event, data]));
  return { settings, connections, log, pickFile, confirm, call, events };
}

describe('connections IPC handlers', () => {
  it('signs in to the cloud by region and to the self-hosted vault by URL, never returning the secret', async () => {
    const { call, connections, events, log, settings, confirm } = setup();
    const picked = await call(INVOKE.connectionsPickCaFile, undefined);
    const caFileId = (picked as { ok: true; value: { file: { fileId: string } } }).value.file.fileId;
    const responses = [
      await call(INVOKE.connectionsLogin, { role: 'cloud', region: 'EU', clientId: CLIENT_ID, clientSecret: SECRET }),
      await call(INVOKE.connectionsLogin, { role: 'cloud', region: 'custom', apiUrl: 'https://api.gov.test', identityUrl: 'https://identity.gov.test/', clientId: CLIENT_ID, clientSecret: SECRET }),
      await call(INVOKE.connectionsLogin, { role: 'self', vaultUrl: 'https://vault.example.test/', clientId: CLIENT_ID, clientSecret: SECRET, caFileId }),
      await call(INVOKE.connectionsStatus, undefined),
      await call(INVOKE.connectionsChooseOrganization, { role: 'self', organizationId: OWNED.id }),
    ];
    expect(responses.every((r) => r.ok)).toBe(true);
    expect(connections.logins.map(({ role, input }) => [role, input.endpoints, input.clientSecret])).toEqual([
      ['cloud', { apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu' }, SECRET],
      ['cloud', { apiUrl: 'https://api.gov.test', identityUrl: 'https://identity.gov.test/' }, SECRET],
      ['self', { apiUrl: 'https://vault.example.test/api', identityUrl: 'https://vault.example.test/identity' }, SECRET],
    ]);
    expect(connections.logins[2]!.input).toMatchObject({ vaultUrl: 'https://vault.example.test', caFile: '/etc/ssl/private-root.pem' });
    // Bitwarden's EU cloud needs no question; the explicit endpoints and the typed vault did, each naming its host.
    expect(confirm.mock.calls.map(([question]) => question.message)).toEqual([
      'Send your API key to api.gov.test?',
      'Send your API key to identity.gov.test?',
      'Send your API key to vault.example.test?',
    ]);
    expect((await settings.load()).servers.self?.confirmedHosts).toEqual(['vault.example.test']);
    expect(responses[0]).toMatchObject({ ok: true, value: { role: 'cloud', state: 'signed-in', email: 'owner@example.test', region: 'EU' } });
    expect(responses[3]).toMatchObject({ ok: true, value: { cloud: { role: 'cloud' }, self: { role: 'self', vaultUrl: 'https://vault.example.test' }, secretStorage: { persistent: false, reason: 'no keychain in this test' } } });
    // No response, event, settings value or log line carries the secret.
    const everything = JSON.stringify([responses, events, await settings.load(), log.mock.calls]);
    expect(everything).not.toContain(SECRET);
  });

  it('chooses the only owned organization at sign-in, and otherwise lets the admin pick an owned one only', async () => {
    const single = setup([OWNED, MEMBER]);
    const signedIn = await single.call(INVOKE.connectionsLogin, { role: 'cloud', region: 'US', clientId: CLIENT_ID, clientSecret: SECRET });
    expect(signedIn).toMatchObject({ ok: true, value: { organizationId: OWNED.id } });
    expect((await single.settings.load()).servers.cloud?.organizationId).toBe(OWNED.id);

    const two = setup([OWNED, OWNED_TOO, MEMBER]);
    expect(await two.call(INVOKE.connectionsLogin, { role: 'cloud', region: 'US', clientId: CLIENT_ID, clientSecret: SECRET })).toMatchObject({ ok: true, value: { organizationId: null } });
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: OWNED_TOO.id })).toMatchObject({ ok: true, value: { organizationId: OWNED_TOO.id } });
    expect((await two.settings.load()).servers.cloud?.organizationId).toBe(OWNED_TOO.id);
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: MEMBER.id })).toMatchObject({
      ok: false,
      error: { kind: 'unusable-input', code: 'not-an-owner', message: expect.stringMatching(/User of Other, not Owner/) },
    });
    expect(await two.call(INVOKE.connectionsChooseOrganization, { role: 'self', organizationId: OWNED.id })).toMatchObject({ ok: false, error: { code: 'not-signed-in' } });
    expect((await two.settings.load()).servers.cloud?.organizationId).toBe(OWNED_TOO.id);
  });

  it('offers the API key pages by link id: the cloud per region and the signed-in vault, nothing the page named', async () => {
    const settings = new MemorySettingsStore({ servers: { self: { vaultUrl: 'https://vault.example.test', apiUrl: 'https://vault.example.test/api', identityUrl: 'https://vault.example.test/identity', clientId: CLIENT_ID } } });
    const trust = createTrust();
    const services = { settings, log: vi.fn() } as unknown as AppServices;
    const dispatcher = createDispatcher(tableWithOnly(connectionsHandlers(services, trust)), vi.fn());
    const result = await dispatcher.dispatch(INVOKE.connectionsApiKeyPages, { installId: null }, () => {});
    const pages = (result as { ok: true; value: { cloud: { US: string; EU: string }; self: string | null } }).value;
    expect(trust.links.url(pages.cloud.US)).toBe('https://vault.bitwarden.com/#/settings/security/security-keys');
    expect(trust.links.url(pages.cloud.EU)).toBe('https://vault.bitwarden.eu/#/settings/security/security-keys');
    expect(trust.links.url(pages.self!)).toBe('https://vault.example.test/#/settings/security/security-keys');
    expect((await dispatcher.dispatch(INVOKE.connectionsApiKeyPages, { installId: 'not-a-handle' }, () => {})).ok).toBe(false);
  });

  it('refuses bad payloads at the boundary without calling the manager', async () => {
    const { call, connections } = setup();
    const base = { clientId: CLIENT_ID, clientSecret: SECRET };
    const bad: unknown[] = [
      undefined,
      { role: 'cloud', region: 'MARS', ...base },
      { role: 'cloud', region: 'custom', apiUrl: 'http://api.test', identityUrl: 'https://id.test', ...base },
      { role: 'cloud', region: 'custom', apiUrl: 'https://api.test', ...base },
      { role: 'self', vaultUrl: 'http://vault.test', ...base },
      { role: 'self', vaultUrl: 'https://vault.test', clientId: CLIENT_ID, clientSecret: '' },
      { role: 'self', vaultUrl: 'https://vault.test', clientId: CLIENT_ID, clientSecret: 'x'.repeat(5000) },
      { role: 'self', vaultUrl: 'https://vault.test', ...base, caFile: '' },
      { role: 'self', vaultUrl: 'https://vault.test', ...base, caFile: '/home/admin/.ssh/id_rsa' },
      { role: 'self', vaultUrl: 'https://vault.test', ...base, caFileId: '/home/admin/.ssh/id_rsa' },
      { role: 'self', vaultUrl: 'https://vault.test', ...base, password: 'extra fields are refused' },
      { role: 'admin', vaultUrl: 'https://vault.test', ...base },
    ];
    for (const payload of bad) {
      const result = await call(INVOKE.connectionsLogin, payload);
      expect(result, JSON.stringify(payload)?.slice(0, 120)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
      // The refusal explains the field, but never echoes the secret it was sent.
      expect(JSON.stringify(result)).not.toContain(SECRET);
    }
    expect(await call(INVOKE.connectionsChooseOrganization, { role: 'cloud', organizationId: 'not-a-guid' })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(await call(INVOKE.connectionsLogout, { role: 'both' })).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    expect(connections.logins).toEqual([]);
  });

  it('signs out one role and picks a CA file through the native dialog', async () => {
    const { call, connections, pickFile } = setup();
    expect(await call(INVOKE.connectionsLogout, { role: 'self' })).toEqual({ ok: true, value: { role: 'self', signedOut: true } });
    expect(connections.logout).toHaveBeenCalledWith('self');
    expect(await call(INVOKE.connectionsPickCaFile, undefined)).toEqual({ ok: true, value: { file: { fileId: expect.any(String), name: 'private-root.pem' } } });
    expect(pickFile).toHaveBeenCalledWith(expect.objectContaining({ extensions: ['pem', 'crt', 'cer'] }));
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager } from '../../../main/core/connections';
import { createLocalHost } from '../../../main/core/host';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { proxyFromEnvironment } from '../../../main/core/vault-api';
import { buildHandlerTable, createDispatcher, createTrust, INVOKE } from '../../../main/ipc';
import type { ConnectionView } from '../../../main/ipc/contracts/connections-contract';
import { fakeAppServices } from '../../support/app-services';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInUser } from '../../support/bitwarden-stand-in';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { ensureTestUsers, LOGIN_USER, makeKey, sshSkipReason, startSshd, type TestSshd } from '../../support/ssh';

/**
 * The route channels through the REAL handler table, dispatcher and connection manager: the stand-in cloud on
 * loopback, a real tinyproxy as "the system proxy" and a real sshd as the server. The renderer names route kinds only.
 */
const skipReason = sshSkipReason();

describe.skipIf(skipReason !== null)(`connection routes in the app${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let standIn: BitwardenStandIn;
  let owner: StandInUser;
  let proxy: RunningProxy;
  let sshd: TestSshd;
  let home: string;
  const trust = createTrust();
  let call: (channel: string, payload: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;

  beforeAll(async () => {
    await ensureTestUsers();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-route-ipc-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
    [standIn, proxy, sshd] = await Promise.all([startBitwardenStandIn(), startProxy({ kind: 'tinyproxy' }), startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] } })]);
    owner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: { type: 'pbkdf2', iterations: 5_000 } });
    standIn.addOrganization('cloud', { name: 'Acme', owner });
    const settings = new MemorySettingsStore();
    const secrets = new MemorySecretStore();
    const connections = createConnectionManager({
      settings,
      secrets,
      surface: 'desktop',
      env: {},
      clientOptions: { timeoutMs: 5_000, maxRetries: 0 },
      routes: { resolveSystemProxy: async (url) => proxyFromEnvironment({ HTTPS_PROXY: proxy.url }, url) },
    });
    const services = fakeAppServices({
      host: createLocalHost(),
      settings,
      secrets: { store: secrets, persistent: false, reason: 'test' },
      connections,
      // The stand-in is a host outside the Bitwarden cloud, and the sshd's key is new: the admin says yes to both.
      dialogs: { pickFolder: async () => null, pickFile: async () => null, saveFile: async () => null, confirm: async () => true },
      sshEnvironment: { home, env: { HOME: home, SSH_AUTH_SOCK: '' } },
    });
    const dispatcher = createDispatcher(buildHandlerTable(services, trust));
    call = (channel, payload) => dispatcher.dispatch(channel, payload, () => {}) as never;
  }, 60_000);

  afterAll(async () => {
    await trust.hosts.close();
    await Promise.all([standIn?.close(), proxy?.close(), sshd?.stop()]);
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  const login = (route?: string) =>
    call(INVOKE.connectionsLogin, {
      role: 'cloud',
      region: 'custom',
      ...standIn.endpoints('cloud'),
      clientId: owner.clientId,
      clientSecret: owner.clientSecret,
      ...(route ? { route } : {}),
    });

  it('refuses the server route while the install is this computer, before anything is sent', async () => {
    const refused = await login('server');
    expect(refused).toMatchObject({ ok: false, error: { code: 'route-needs-server' } });
    expect(standIn.requests).toHaveLength(0);
  });

  it('refuses route payloads that are not a route kind at the boundary', async () => {
    for (const bad of [{ role: 'cloud', route: 'vpn' }, { role: 'cloud', route: 'http://proxy.example:3128' }, { role: 'cloud', route: 'server', via: 'evil.example' }, { role: 'admin', route: 'direct' }]) {
      const result = await call(INVOKE.connectionsSetRoute, bad);
      expect(result.ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('signs in direct, then moves the connection to the system proxy and to the server, saying how each call went', async () => {
    // The stand-in's test root, as a handle main issued (the renderer never names a path).
    const signedIn = await call(INVOKE.connectionsLogin, {
      role: 'cloud',
      region: 'custom',
      ...standIn.endpoints('cloud'),
      clientId: owner.clientId,
      clientSecret: owner.clientSecret,
      caFileId: trust.handles.issueFile(standIn.caFile, 'ca', 'dialog').fileId,
    });
    expect(signedIn).toMatchObject({ ok: true, value: { state: 'signed-in', route: 'direct', routeTaken: 'direct' } });

    const proxied = await call(INVOKE.connectionsSetRoute, { role: 'cloud', route: 'system-proxy' });
    expect(proxied).toMatchObject({ ok: true, value: { route: 'system-proxy', routeTaken: `through the system proxy 127.0.0.1:${proxy.port}` } });
    expect(await proxy.log()).toMatch(/CONNECT/);

    expect(await call(INVOKE.connectionsSetRoute, { role: 'cloud', route: 'server' })).toMatchObject({ ok: false, error: { code: 'route-needs-server' } });

    const connected = await call(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    expect(connected.ok, JSON.stringify(connected.error)).toBe(true);
    const through = await call(INVOKE.connectionsSetRoute, { role: 'cloud', route: 'server' });
    expect(through).toMatchObject({ ok: true, value: { state: 'signed-in', route: 'server', routeTaken: `through server ${LOGIN_USER}@127.0.0.1:${sshd.port}` } });

    // Back on this computer, the saved server route fails clearly on the next read instead of going direct.
    expect((await call(INVOKE.serverUseThisComputer, undefined)).ok).toBe(true);
    const stranded = await call(INVOKE.connectionsStatus, undefined);
    expect((stranded.value as { cloud: ConnectionView }).cloud).toMatchObject({ state: 'error', route: 'server', error: { code: 'route-needs-server' } });
    const direct = await call(INVOKE.connectionsSetRoute, { role: 'cloud', route: 'direct' });
    expect(direct).toMatchObject({ ok: true, value: { state: 'signed-in', route: 'direct', routeTaken: 'direct' } });
  });
});

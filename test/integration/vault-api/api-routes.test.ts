import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager, type ConnectionManager } from '../../../main/core/connections';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { proxyFromEnvironment, type ApiRouteKind, type RouteServices } from '../../../main/core/vault-api';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInUser } from '../../support/bitwarden-stand-in';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { ensureTestUsers, LOGIN_USER, makeKey, promptsAnswering, specFor, sshSkipReason, startSshd, trustingOnly, type TestSshd } from '../../support/ssh';

// API calls per route, with real parts: the Bitwarden stand-in, tinyproxy, and an sshd inside a network namespace.
const FAST_KDF = { type: 'pbkdf2' as const, iterations: 5_000 };
const CLIENT_OPTIONS = { timeoutMs: 4_000, maxRetries: 0 };

function managerFor(route: { routes: RouteServices; lines: string[] }): ConnectionManager {
  return createConnectionManager({
    settings: new MemorySettingsStore(),
    secrets: new MemorySecretStore(),
    surface: 'cli',
    env: {},
    log: (line) => route.lines.push(line),
    clientOptions: CLIENT_OPTIONS,
    routes: route.routes,
  });
}

async function loginCloud(connections: ConnectionManager, standIn: BitwardenStandIn, user: StandInUser, route: ApiRouteKind) {
  return connections.login('cloud', {
    endpoints: standIn.endpoints('cloud'),
    clientId: user.clientId,
    clientSecret: user.clientSecret,
    caFile: standIn.caFile,
    region: 'custom',
    route,
  });
}

describe('the system-proxy route through a real tinyproxy', () => {
  let standIn: BitwardenStandIn;
  let owner: StandInUser;
  let proxy: RunningProxy;
  let authProxy: RunningProxy;

  beforeAll(async () => {
    standIn = await startBitwardenStandIn();
    owner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: FAST_KDF });
    standIn.addOrganization('cloud', { name: 'Acme', owner });
    [proxy, authProxy] = await Promise.all([startProxy({ kind: 'tinyproxy' }), startProxy({ kind: 'tinyproxy', basicAuth: { user: 'alice', password: 's3cret-pw' } })]);
  });
  afterAll(async () => {
    await Promise.all([standIn?.close(), proxy?.close(), authProxy?.close()]);
  });

  it('signs in through the proxy the environment names: the proxy logged the tunnel, the result and the log say so', async () => {
    const lines: string[] = [];
    const env = { HTTPS_PROXY: proxy.url };
    const connections = managerFor({ routes: { resolveSystemProxy: async (url) => proxyFromEnvironment(env, url) }, lines });
    try {
      const identity = await loginCloud(connections, standIn, owner, 'system-proxy');
      expect(identity.route).toBe('system-proxy');
      expect(identity.routeTaken).toBe(`through the system proxy 127.0.0.1:${proxy.port}`);
      const port = new URL(standIn.url).port;
      expect(await proxy.log()).toMatch(new RegExp(`CONNECT.*127\\.0\\.0\\.1:${port}`));
      expect(lines).toContain(`[vault-api] GET /accounts/profile → 200 (through the system proxy 127.0.0.1:${proxy.port})`);
      const whoami = await connections.whoami();
      expect(whoami.cloud).toMatchObject({ route: 'system-proxy', email: 'owner@cloud.test' });
    } finally {
      await connections.close();
    }
  });

  it('passes the credentials of the proxy URL without ever printing them; without them the proxy refusal is named', async () => {
    const lines: string[] = [];
    const withCredentials = `http://alice:s3cret-pw@127.0.0.1:${authProxy.port}`;
    const connections = managerFor({ routes: { resolveSystemProxy: async () => withCredentials }, lines });
    try {
      const identity = await loginCloud(connections, standIn, owner, 'system-proxy');
      expect(identity.routeTaken).toBe(`through the system proxy 127.0.0.1:${authProxy.port}`);
    } finally {
      await connections.close();
    }
    const refusedLines: string[] = [];
    const without = managerFor({ routes: { resolveSystemProxy: async () => authProxy.url }, lines: refusedLines });
    try {
      const error = await loginCloud(without, standIn, owner, 'system-proxy').catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'vault-proxy-refused', info: { status: 407, route: 'system-proxy' } });
    } finally {
      await without.close();
    }
    expect([...lines, ...refusedLines].join('\n')).not.toContain('s3cret-pw');
  });

  it('goes direct when NO_PROXY names the server, and says so', async () => {
    const lines: string[] = [];
    const env = { HTTPS_PROXY: 'http://127.0.0.1:9', NO_PROXY: '127.0.0.1' };
    const connections = managerFor({ routes: { resolveSystemProxy: async (url) => proxyFromEnvironment(env, url) }, lines });
    try {
      const identity = await loginCloud(connections, standIn, owner, 'system-proxy');
      expect(identity.routeTaken).toMatch(/^direct \(the system proxy settings name no proxy/);
    } finally {
      await connections.close();
    }
  });
});

const sshSkip = sshSkipReason();

describe.skipIf(sshSkip !== null)(`the server route: a cloud only the SSH server can reach${sshSkip ? ` (skipped: ${sshSkip})` : ''}`, () => {
  // The stand-in listens on this machine's side of a veth pair under a name only the namespace resolves
  // (/etc/netns/NAME/hosts); the sshd runs inside the namespace. From here the name does not resolve.
  const NAME = 'cloud.route-only.test';
  let ns: DropNamespace | { skipReason: string };
  let standIn: BitwardenStandIn;
  let owner: StandInUser;
  let folder: string;
  let allowing: TestSshd;
  let closed: TestSshd;
  const hosts: SshHost[] = [];
  let keyFile: string;

  const connect = async (sshd: TestSshd) => {
    const host = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [keyFile] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    ns = await createDropNamespace();
    if ('skipReason' in ns) return;
    await ensureTestUsers();
    await ns.etcFile('hosts', `127.0.0.1 localhost\n${ns.hostAddress} ${NAME}\n`);
    standIn = await startBitwardenStandIn({ listen: { address: ns.hostAddress, name: NAME } });
    owner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: FAST_KDF });
    standIn.addOrganization('cloud', { name: 'Acme', owner });
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-api-routes-'));
    const key = await makeKey(folder, 'id_ed25519');
    keyFile = key.file;
    const authorizedKeys = { [LOGIN_USER]: [key.publicKey] };
    [allowing, closed] = await Promise.all([
      startSshd({ authorizedKeys, netns: ns.name, listenAddress: ns.address }),
      startSshd({ authorizedKeys, netns: ns.name, listenAddress: ns.address, allowTcpForwarding: false }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await Promise.all([allowing, closed].map((sshd) => sshd?.stop()));
    await standIn?.close();
    if ('cleanup' in ns) await ns.cleanup();
    if (folder) await fs.rm(folder, { recursive: true, force: true });
  });

  it('cannot sign in directly from this computer, and signs in through the server', async (context) => {
    if ('skipReason' in ns) return context.skip(ns.skipReason);
    const directLines: string[] = [];
    const direct = managerFor({ routes: {}, lines: directLines });
    const refused = await loginCloud(direct, standIn, owner, 'direct').catch((e: unknown) => e);
    await direct.close();
    expect(refused).toMatchObject({ code: 'vault-unreachable' });
    expect((refused as Error).message).toContain(NAME);

    const server = await connect(allowing);
    const lines: string[] = [];
    const connections = managerFor({ routes: { server: async () => ({ host: server, label: server.label }) }, lines });
    try {
      const identity = await loginCloud(connections, standIn, owner, 'server');
      expect(identity).toMatchObject({ email: 'owner@cloud.test', route: 'server', routeTaken: `through server ${server.label}` });
      expect(lines).toContain(`[vault-api] GET /accounts/profile → 200 (through server ${server.label})`);
      expect(standIn.requests.some((r) => r.path === '/cloud/api/accounts/profile' && r.status === 200)).toBe(true);
      // whoami reports the connection's route with its identity.
      expect((await connections.whoami()).cloud).toMatchObject({ route: 'server' });
    } finally {
      await connections.close();
    }
  });

  it('refuses the server route clearly without an SSH server (nothing sent), and names a server that forbids forwarding', async (context) => {
    if ('skipReason' in ns) return context.skip(ns.skipReason);
    const before = standIn.requests.length;
    const none = managerFor({ routes: { server: async () => undefined }, lines: [] });
    const needsServer = await loginCloud(none, standIn, owner, 'server').catch((e: unknown) => e);
    await none.close();
    expect(needsServer).toMatchObject({ code: 'route-needs-server', outcome: 'unusable-input' });
    expect(standIn.requests.length).toBe(before);

    const forbidding = await connect(closed);
    const connections = managerFor({ routes: { server: async () => ({ host: forbidding, label: forbidding.label }) }, lines: [] });
    const error = await loginCloud(connections, standIn, owner, 'server').catch((e: unknown) => e);
    await connections.close();
    expect(error).toMatchObject({ code: 'vault-route-refused', info: { route: 'server', routeTaken: `through server ${forbidding.label}` } });
    expect((error as Error).message).toContain('does not allow TCP forwarding');
  });
});

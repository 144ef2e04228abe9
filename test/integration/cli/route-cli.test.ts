import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInUser } from '../../support/bitwarden-stand-in';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { ensureCliBuilt, runCliProcess } from '../../support/run-cli';
import { ensureTestUsers, LOGIN_USER, makeKey, sshSkipReason, startSshd, type TestSshd } from '../../support/ssh';

/**
 * `--route` as an admin uses it: the bundled CLI in child processes against the loopback stand-in, through a
 * real tinyproxy (system-proxy from HTTPS_PROXY) and a real sshd (server). No keychain: the API keys come from
 * BW_CLIENTID / BW_CLIENTSECRET; settings and ~/.ssh live in a temp HOME.
 */
const FAST_KDF = { type: 'pbkdf2' as const, iterations: 5_000 };
let standIn: BitwardenStandIn;
let cloudOwner: StandInUser;
let selfOwner: StandInUser;
let proxy: RunningProxy;
let home: string;

const settingsFile = (config = '.config') => path.join(home, config, 'sponsorship-setup', 'settings.json');
const readSettings = async (config?: string) => JSON.parse(await fs.readFile(settingsFile(config), 'utf8')) as { servers: Record<string, { route?: string }> };
const cloudArgs = () => ['--api-url', standIn.endpoints('cloud').apiUrl, '--identity-url', standIn.endpoints('cloud').identityUrl, '--ca', standIn.caFile];

function envFor(user: StandInUser, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    SSH_AUTH_SOCK: '',
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent',
    DISPLAY: '',
    BW_CLIENTID: user.clientId,
    BW_CLIENTSECRET: user.clientSecret,
    ...extra,
  };
}

beforeAll(async () => {
  ensureCliBuilt();
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-route-cli-'));
  standIn = await startBitwardenStandIn();
  cloudOwner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: FAST_KDF });
  selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw', kdf: FAST_KDF });
  standIn.addOrganization('cloud', { name: 'Acme Cloud', owner: cloudOwner });
  standIn.addOrganization('self', { name: 'Acme Self', owner: selfOwner });
  proxy = await startProxy({ kind: 'tinyproxy' });
}, 60_000);

afterAll(async () => {
  await Promise.all([standIn?.close(), proxy?.close()]);
  if (home) await fs.rm(home, { recursive: true, force: true });
});

describe('--route usage errors (exit 2, nothing saved)', () => {
  it('refuses an unknown route and the server route without --host or --server', async () => {
    const unknown = await runCliProcess(['login', 'cloud', ...cloudArgs(), '--route', 'vpn', '--json'], { env: envFor(cloudOwner), timeoutMs: 30_000 });
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(JSON.parse(unknown.stdout).error.message).toContain('choose direct, system-proxy, server');
    const noServer = await runCliProcess(['login', 'cloud', ...cloudArgs(), '--route', 'server', '--json'], { env: envFor(cloudOwner), timeoutMs: 30_000 });
    expect(noServer.code, noServer.stderr).toBe(2);
    expect(JSON.parse(noServer.stdout).error).toMatchObject({ code: 'invalid-arguments', message: expect.stringContaining('--route server needs the server') });
    expect(existsSync(settingsFile())).toBe(false);
    expect(standIn.requests).toHaveLength(0);
  });
});

describe('login --route system-proxy', () => {
  it('signs in through the proxy HTTPS_PROXY names, saves the route, and whoami uses it again', async () => {
    const env = envFor(cloudOwner, { HTTPS_PROXY: proxy.url });
    const login = await runCliProcess(['login', 'cloud', ...cloudArgs(), '--route', 'system-proxy', '--json'], { env, timeoutMs: 30_000 });
    expect(login.code, login.stderr).toBe(0);
    expect(JSON.parse(login.stdout)).toMatchObject({ ok: true, route: 'system-proxy', routeTaken: `through the system proxy 127.0.0.1:${proxy.port}` });
    expect(login.stderr).toContain(`[vault-api] GET /accounts/profile → 200 (through the system proxy 127.0.0.1:${proxy.port})`);
    expect((await readSettings()).servers.cloud?.route).toBe('system-proxy');
    const tunnels = (await proxy.log()).match(/CONNECT/g)?.length ?? 0;
    expect(tunnels).toBeGreaterThan(0);

    const whoami = await runCliProcess(['whoami', '--json'], { env, timeoutMs: 30_000 });
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(JSON.parse(whoami.stdout).connections.cloud).toMatchObject({ route: 'system-proxy', routeTaken: `through the system proxy 127.0.0.1:${proxy.port}` });
    expect(whoami.stdout).not.toContain(cloudOwner.clientSecret);
    expect((await proxy.log()).match(/CONNECT/g)?.length ?? 0).toBeGreaterThan(tunnels);
  });
});

const sshSkip = sshSkipReason();

describe.skipIf(sshSkip !== null)(`login --route server${sshSkip ? ` (skipped: ${sshSkip})` : ''}`, () => {
  let sshd: TestSshd;
  beforeAll(async () => {
    await ensureTestUsers();
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700, recursive: true });
    const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] } });
  }, 60_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('signs in through the server given with --host, saves the route, and later commands need the server again', async () => {
    const target = `${LOGIN_USER}@127.0.0.1:${sshd.port}`;
    // Settings of their own: only the self-hosted connection exists here.
    const env = envFor(selfOwner, { XDG_CONFIG_HOME: path.join(home, '.config-server') });
    const login = await runCliProcess(['login', 'self', '--vault', standIn.selfVaultUrl, '--ca', standIn.caFile, '--route', 'server', '--host', target, '--accept-host-key', sshd.hostKeyFingerprint, '--json'], {
      env,
      timeoutMs: 60_000,
    });
    expect(login.code, login.stderr).toBe(0);
    const result = JSON.parse(login.stdout);
    expect(result).toMatchObject({ ok: true, route: 'server' });
    expect(result.routeTaken).toMatch(new RegExp(`^through server ${LOGIN_USER}@127\\.0\\.0\\.1:${sshd.port}`));
    expect((await readSettings('.config-server')).servers.self?.route).toBe('server');

    // The saved route without a server: this connection fails clearly (no silent direct), the other one still works.
    const without = await runCliProcess(['whoami', '--json'], { env, timeoutMs: 30_000 });
    expect(without.code, without.stderr).toBe(1);
    expect(JSON.parse(without.stdout).connections.self).toMatchObject({ route: 'server', error: { code: 'route-needs-server' } });

    const hostAlone = await runCliProcess(['whoami', '--host', target, '--json'], { env, timeoutMs: 30_000 });
    expect(hostAlone.code, hostAlone.stderr).toBe(2);
    const withServer = await runCliProcess(['whoami', '--route', 'server', '--host', target, '--json'], { env, timeoutMs: 60_000 });
    expect(withServer.code, withServer.stderr).toBe(0);
    expect(JSON.parse(withServer.stdout).connections.self.routeTaken).toMatch(/^through server /);
    // --route direct for one command wins over the saved route (the stand-in is on loopback, so direct works here).
    const direct = await runCliProcess(['whoami', '--route', 'direct', '--json'], { env, timeoutMs: 30_000 });
    expect(direct.code, direct.stderr).toBe(0);
    expect(JSON.parse(direct.stdout).connections.self).toMatchObject({ route: 'direct', routeTaken: 'direct' });
  });
});

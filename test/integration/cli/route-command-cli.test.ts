import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInUser } from '../../support/bitwarden-stand-in';
import { startProxy, type RunningProxy } from '../../support/network/proxies';
import { noKeychain, runCliInProcess } from '../../support/run-cli';

/**
 * `route show|set`: the route saved with a connection changes without signing in again, and later commands
 * use it. In process against the loopback stand-in and a real tinyproxy; HTTPS_PROXY is set on every run, so
 * only the saved route decides whether a call goes through the proxy. Settings live in a temp folder.
 */
const FAST_KDF = { type: 'pbkdf2' as const, iterations: 5_000 };
let standIn: BitwardenStandIn;
let owner: StandInUser;
let proxy: RunningProxy;
let home: string;
const keychain = noKeychain();

const settingsFile = () => path.join(home, '.config', 'sponsorship-setup', 'settings.json');
const settingsText = () => fs.readFile(settingsFile(), 'utf8');
const cli = (args: string[]) =>
  runCliInProcess([...args, '--json'], { secrets: keychain }, {
    env: { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), HTTPS_PROXY: proxy.url, HTTP_PROXY: '', NO_PROXY: '', BW_CLIENTID: owner.clientId, BW_CLIENTSECRET: owner.clientSecret },
  });
const tunnels = async () => (await proxy.log()).match(/CONNECT/g)?.length ?? 0;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-route-command-'));
  standIn = await startBitwardenStandIn();
  owner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw', kdf: FAST_KDF });
  standIn.addOrganization('cloud', { name: 'Acme Cloud', owner });
  proxy = await startProxy({ kind: 'tinyproxy' });
  const login = await cli(['login', 'cloud', '--api-url', standIn.endpoints('cloud').apiUrl, '--identity-url', standIn.endpoints('cloud').identityUrl, '--ca', standIn.caFile]);
  expect(login.code, login.stderr).toBe(0);
  expect(JSON.parse(login.stdout)).toMatchObject({ route: 'direct', routeTaken: 'direct' });
}, 60_000);

afterAll(async () => {
  await Promise.all([standIn?.close(), proxy?.close()]);
  if (home) await fs.rm(home, { recursive: true, force: true });
});

describe('route show|set', () => {
  it('changes the saved route without signing in again; whoami then takes it, and back', async () => {
    const shown = await cli(['route', 'show']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({ ok: true, routes: { cloud: 'direct', self: null } });

    const signIns = standIn.requests.filter((request) => request.path.endsWith('/connect/token')).length;
    expect(signIns, 'the login signed in').toBeGreaterThan(0);
    const set = await cli(['route', 'set', 'cloud', 'system-proxy']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ ok: true, role: 'cloud', route: 'system-proxy', previous: 'direct' });
    expect(JSON.parse(await settingsText()).servers.cloud.route).toBe('system-proxy');
    // Nothing was contacted to change it.
    expect(standIn.requests.filter((request) => request.path.endsWith('/connect/token'))).toHaveLength(signIns);

    const before = await tunnels();
    const proxied = await cli(['whoami']);
    expect(proxied.code, proxied.stderr).toBe(0);
    expect(JSON.parse(proxied.stdout).connections.cloud).toMatchObject({ route: 'system-proxy', routeTaken: `through the system proxy 127.0.0.1:${proxy.port}` });
    expect(await tunnels()).toBeGreaterThan(before);

    const back = await cli(['route', 'set', 'cloud', 'direct']);
    expect(JSON.parse(back.stdout)).toMatchObject({ route: 'direct', previous: 'system-proxy' });
    expect(JSON.parse(await settingsText()).servers.cloud.route).toBeUndefined();
    const afterProxy = await tunnels();
    const direct = await cli(['whoami']);
    expect(JSON.parse(direct.stdout).connections.cloud).toMatchObject({ route: 'direct', routeTaken: 'direct' });
    expect(await tunnels()).toBe(afterProxy);

    const text = await runCliInProcess(['route', 'show', 'cloud'], { secrets: keychain }, { env: { XDG_CONFIG_HOME: path.join(home, '.config') } });
    expect(text.stdout.trim()).toBe('Bitwarden cloud: direct');
  });

  it('refuses, with exit 2 and nothing saved: a bad route, a connection never signed in, and the server route without a saved --server', async () => {
    const saved = await settingsText();
    const cases: Array<[string[], string]> = [
      [['route', 'set', 'cloud', 'vpn'], 'usage'],
      [['route', 'set', 'self', 'system-proxy'], 'not-signed-in'],
      [['route', 'set', 'cloud', 'server'], 'route-needs-server'],
      [['route', 'set', 'cloud', 'server', '--server', 'vault1'], 'server-unknown'],
      [['route', 'set', 'cloud', 'direct', '--server', 'vault1'], 'invalid-arguments'],
    ];
    for (const [args, code] of cases) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(JSON.parse(run.stdout).error.code, args.join(' ')).toBe(code);
      expect(await settingsText(), args.join(' ')).toBe(saved);
    }
  });

  it('the server route with a saved server: saved, and a later command without a server says it needs one', async () => {
    expect((await cli(['servers', 'add', 'vault1', '--host', 'admin@vault.example'])).code).toBe(0);
    const set = await cli(['route', 'set', 'cloud', 'server', '--server', 'vault1']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ ok: true, role: 'cloud', route: 'server', previous: 'direct', server: 'vault1' });
    expect(JSON.parse(await settingsText()).servers.cloud.route).toBe('server');
    const whoami = await cli(['whoami']);
    expect(whoami.code).toBe(1);
    expect(JSON.parse(whoami.stdout).connections.cloud).toMatchObject({ route: 'server', error: { code: 'route-needs-server' } });
  });
});

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBitwardenStandIn, type BitwardenStandIn, type StandInUser } from '../../support/bitwarden-stand-in';
import { CLI_ENTRY, ensureCliBuilt, noKeychain, runCliInProcess, type CliRun } from '../../support/run-cli';

/**
 * `login`, `whoami`, `logout` as an admin runs them: the CLI in-process (runCli; the keychain case below as a real process), against the
 * loopback stand-in (cloud via explicit endpoints, self-hosted via its vault URL), trusting the
 * stand-in's test root through `--ca`, with settings under a private XDG_CONFIG_HOME.
 */
const FAST_KDF = { type: 'pbkdf2' as const, iterations: 5_000 };
const hasDbusSession = ['/usr/bin/dbus-run-session', '/bin/dbus-run-session'].some(existsSync);
const hasKeyring = existsSync('/usr/bin/gnome-keyring-daemon');

let standIn: BitwardenStandIn;
let cloudOwner: StandInUser;
let selfOwner: StandInUser;
let cloudMember: StandInUser;
let cloudOrgId: string;
const tempDirs: string[] = [];
/** Every byte the CLI printed in this file, for the final secret grep. */
const printed: string[] = [];

beforeAll(async () => {
  ensureCliBuilt();
  standIn = await startBitwardenStandIn();
  cloudOwner = await standIn.addUser('cloud', { email: 'owner@cloud.test', password: 'pw-cloud', kdf: FAST_KDF });
  cloudMember = await standIn.addUser('cloud', { email: 'member@cloud.test', password: 'pw-member', kdf: FAST_KDF });
  selfOwner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw-self', kdf: FAST_KDF });
  cloudOrgId = standIn.addOrganization('cloud', { name: 'Acme Cloud', owner: cloudOwner, members: [{ user: cloudMember, type: 2 }] }).id;
  standIn.addOrganization('self', { name: 'Acme Self', owner: selfOwner });
});

afterAll(async () => {
  await standIn?.close();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** No keychain (a bus that does not exist): secrets stay in memory, the CLI must say so. */
function cliEnv(configHome: string, credentials?: StandInUser | { clientId: string; clientSecret: string }): NodeJS.ProcessEnv {
  return {
    XDG_CONFIG_HOME: configHome,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(configHome, 'no-such-bus')}`,
    DISPLAY: '',
    BW_CLIENTID: credentials?.clientId ?? '',
    BW_CLIENTSECRET: credentials?.clientSecret ?? '',
  };
}

/** In-process, with no keychain (a memory store per run, as a process without a Secret Service gets). */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const run = await runCliInProcess(args, { secrets: noKeychain() }, { env });
  printed.push(run.stdout, run.stderr);
  return run;
}

const cloudArgs = () => ['--api-url', standIn.endpoints('cloud').apiUrl, '--identity-url', standIn.endpoints('cloud').identityUrl, '--ca', standIn.caFile];
const selfArgs = () => ['--vault', standIn.selfVaultUrl, '--ca', standIn.caFile];
const settingsFile = (configHome: string) => path.join(configHome, 'sponsorship-setup', 'settings.json');

async function readAllFiles(folder: string): Promise<string> {
  if (!existsSync(folder)) return '';
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(entries.filter((entry) => entry.isFile()).map((entry) => readFile(path.join(entry.parentPath, entry.name), 'utf8')));
  return texts.join('\n');
}

describe('login / whoami / logout without a keychain (secrets from the environment)', () => {
  let configHome: string;
  beforeAll(async () => {
    configHome = await tempDir('sponsorship-cli-config-');
  });

  it('login cloud with explicit endpoints and --ca signs in, saves settings (600) but not the secret, and says so', async () => {
    const run = await cli(['login', 'cloud', ...cloudArgs(), '--json'], cliEnv(configHome, cloudOwner));
    expect(run.code, run.stderr).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({
      ok: true,
      role: 'cloud',
      email: 'owner@cloud.test',
      clientId: cloudOwner.clientId,
      endpoints: standIn.endpoints('cloud'),
      ownerOrganizations: [{ id: cloudOrgId, name: 'Acme Cloud', role: 'Owner', isOwner: true }],
      secretStorage: { persistent: false },
    });
    expect(document.explanation).toBeUndefined();
    expect(run.stderr).toMatch(/secret must come from|set BW_CLIENTID and BW_CLIENTSECRET/);
    const settings = JSON.parse(await readFile(settingsFile(configHome), 'utf8'));
    expect(settings.servers.cloud).toMatchObject({ region: 'custom', clientId: cloudOwner.clientId, email: 'owner@cloud.test', caFile: standIn.caFile });
    expect((await stat(settingsFile(configHome))).mode & 0o777).toBe(0o600);
  });

  it('login self --vault derives /api and /identity from the vault URL', async () => {
    const run = await cli(['login', 'self', ...selfArgs(), '--json'], cliEnv(configHome, selfOwner));
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      role: 'self',
      email: 'owner@self.test',
      endpoints: { apiUrl: `${standIn.selfVaultUrl}/api`, identityUrl: `${standIn.selfVaultUrl}/identity` },
    });
    const settings = JSON.parse(await readFile(settingsFile(configHome), 'utf8'));
    expect(settings.servers.self).toMatchObject({ vaultUrl: standIn.selfVaultUrl, clientId: selfOwner.clientId });
  });

  it('whoami --json: the role the environment names works; the other says how to get its secret (exit 1)', async () => {
    const run = await cli(['whoami', '--json'], cliEnv(configHome, cloudOwner));
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document.secretStorage).toMatchObject({ persistent: false, reason: expect.stringMatching(/in memory only/) });
    expect(document.connections.cloud).toMatchObject({
      role: 'cloud',
      email: 'owner@cloud.test',
      endpoints: standIn.endpoints('cloud'),
      organizations: [{ name: 'Acme Cloud', role: 'Owner' }],
      secretSource: 'environment',
      region: 'custom',
    });
    expect(document.connections.self).toMatchObject({ role: 'self', error: { code: 'not-signed-in', message: expect.stringMatching(/BW_CLIENTSECRET/) } });
    // whoami lists endpoints and account for each connection, also one that cannot sign in now.
    expect(document.connections.self).toMatchObject({ endpoints: standIn.endpoints('self'), email: 'owner@self.test' });

    const selfRun = await cli(['whoami', '--json'], cliEnv(configHome, selfOwner));
    expect(JSON.parse(selfRun.stdout).connections.self).toMatchObject({ email: 'owner@self.test', vaultUrl: standIn.selfVaultUrl, secretSource: 'environment' });

    const text = await cli(['whoami'], cliEnv(configHome, cloudOwner));
    expect(text.stdout).toContain('owner@cloud.test');
    expect(text.stdout).toMatch(/Acme Cloud \([0-9a-f-]+\): Owner/);
    expect(text.stdout).toMatch(/Secrets are not kept/);
  });

  it('a wrong secret exits 1 with the server’s own words and changes nothing', async () => {
    const before = await readFile(settingsFile(configHome), 'utf8');
    const run = await cli(['login', 'cloud', ...cloudArgs()], cliEnv(configHome, { clientId: cloudOwner.clientId, clientSecret: 'wrong-secret-value-123' }));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('vault-sign-in-failed');
    expect(run.stderr).toContain('invalid_client');
    expect(run.stdout).toBe('');
    expect(await readFile(settingsFile(configHome), 'utf8')).toBe(before);
  });

  it('without --ca the stand-in’s certificate is refused (verification is never switched off)', async () => {
    const run = await cli(['login', 'self', '--vault', standIn.selfVaultUrl, '--json'], cliEnv(configHome, selfOwner));
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'vault-tls-untrusted' } });
  });

  it('missing credentials without a terminal exit 2 and write nothing', async () => {
    const fresh = await tempDir('sponsorship-cli-config-');
    const run = await cli(['login', 'self', ...selfArgs()], cliEnv(fresh));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing-credentials');
    expect(run.stderr).toMatch(/BW_CLIENTID and BW_CLIENTSECRET/);
    expect(existsSync(path.join(fresh, 'sponsorship-setup'))).toBe(false);
  });

  it('usage errors exit 2: no cloud chosen, --region with explicit URLs, plain http', async () => {
    const env = cliEnv(configHome, cloudOwner);
    expect((await cli(['login', 'cloud'], env)).code).toBe(2);
    expect((await cli(['login', 'cloud', '--region', 'us', '--api-url', 'https://a.test'], env)).code).toBe(2);
    expect((await cli(['login', 'cloud', '--region', 'mars'], env)).code).toBe(2);
    const http = await cli(['login', 'self', '--vault', 'http://127.0.0.1:1/self'], env);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain('invalid-server-url');
  });

  it('an account that owns no organization signs in, and whoami explains why it cannot be used', async () => {
    const other = await tempDir('sponsorship-cli-config-');
    const run = await cli(['login', 'cloud', ...cloudArgs(), '--json'], cliEnv(other, cloudMember));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ownerOrganizations: [], explanation: expect.stringMatching(/not an Owner.*Acme Cloud: User/) });
    const whoami = await cli(['whoami'], cliEnv(other, cloudMember));
    expect(whoami.stdout).toMatch(/note: member@cloud\.test is not an Owner/);
  });

  it('logout cloud removes the cloud settings and keeps the self-hosted ones', async () => {
    const run = await cli(['logout', 'cloud', '--json'], cliEnv(configHome));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, role: 'cloud', wasSignedIn: true });
    const settings = JSON.parse(await readFile(settingsFile(configHome), 'utf8'));
    expect(settings.servers.cloud).toBeUndefined();
    expect(settings.servers.self).toBeDefined();
    const again = await cli(['logout', 'cloud'], cliEnv(configHome));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Not signed in/);
    expect((await cli(['logout', 'nowhere'], cliEnv(configHome))).code).toBe(2);
  });

  it('no secret appears in the settings folder or anything the CLI printed', async () => {
    const secrets = [cloudOwner.clientSecret, selfOwner.clientSecret, cloudMember.clientSecret, 'wrong-secret-value-123'];
    const everything = [...printed, ...(await Promise.all(tempDirs.map(readAllFiles)))].join('\n');
    expect(printed.length).toBeGreaterThan(10);
    for (const secret of secrets) expect(everything.includes(secret), 'a secret leaked').toBe(false);
  });
});

describe('with a real keychain (gnome-keyring under dbus-run-session)', () => {
  it.skipIf(!hasDbusSession || !hasKeyring)(
    'login keeps the secret in the keychain: whoami and logout work with no environment (skipped: dbus-run-session or gnome-keyring-daemon missing)',
    async () => {
      const home = await tempDir('sponsorship-cli-keyring-');
      await mkdir(path.join(home, 'run'), { mode: 0o700 });
      const out = path.join(home, 'out');
      await mkdir(out);
      // One Secret Service session for the whole run; credentials reach each login through the environment only.
      const node = JSON.stringify(process.execPath);
      const entry = JSON.stringify(CLI_ENTRY);
      const script = [
        'echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
        `BW_CLIENTID="$CLOUD_ID" BW_CLIENTSECRET="$CLOUD_SECRET" ${node} ${entry} login cloud ${cloudArgs().map((a) => JSON.stringify(a)).join(' ')} --json >"$OUT/login-cloud.json" 2>"$OUT/login-cloud.err"; echo $? >"$OUT/login-cloud.code"`,
        `BW_CLIENTID="$SELF_ID" BW_CLIENTSECRET="$SELF_SECRET" ${node} ${entry} login self ${selfArgs().map((a) => JSON.stringify(a)).join(' ')} --json >"$OUT/login-self.json" 2>"$OUT/login-self.err"; echo $? >"$OUT/login-self.code"`,
        `${node} ${entry} whoami --json >"$OUT/whoami.json" 2>"$OUT/whoami.err"; echo $? >"$OUT/whoami.code"`,
        `${node} ${entry} logout self --json >"$OUT/logout.json" 2>"$OUT/logout.err"; echo $? >"$OUT/logout.code"`,
        `${node} ${entry} whoami --json >"$OUT/whoami-after.json" 2>"$OUT/whoami-after.err"; echo $? >"$OUT/whoami-after.code"`,
      ].join('\n');
      const { DBUS_SESSION_BUS_ADDRESS: _bus, DISPLAY: _display, BW_CLIENTID: _id, BW_CLIENTSECRET: _secret, ...rest } = process.env;
      await new Promise<void>((resolve, reject) => {
        execFile(
          'dbus-run-session',
          ['--', 'sh', '-c', script],
          {
            timeout: 60_000,
            env: {
              ...rest,
              HOME: home,
              XDG_DATA_HOME: path.join(home, 'data'),
              XDG_RUNTIME_DIR: path.join(home, 'run'),
              XDG_CONFIG_HOME: path.join(home, 'config'),
              OUT: out,
              CLOUD_ID: cloudOwner.clientId,
              CLOUD_SECRET: cloudOwner.clientSecret,
              SELF_ID: selfOwner.clientId,
              SELF_SECRET: selfOwner.clientSecret,
            },
          },
          (error) => (error ? reject(error) : resolve()),
        );
      });
      const read = async (name: string) => readFile(path.join(out, name), 'utf8');
      for (const step of ['login-cloud', 'login-self', 'whoami', 'logout', 'whoami-after']) {
        expect(`${step}: ${(await read(`${step}.code`)).trim()}`, await read(`${step}.err`)).toBe(`${step}: 0`);
      }
      expect(JSON.parse(await read('login-cloud.json')).secretStorage).toEqual({ persistent: true });
      const whoami = JSON.parse(await read('whoami.json'));
      expect(whoami.secretStorage).toEqual({ persistent: true });
      expect(whoami.connections.cloud).toMatchObject({ email: 'owner@cloud.test', secretSource: 'keychain' });
      expect(whoami.connections.self).toMatchObject({ email: 'owner@self.test', secretSource: 'keychain', organizations: [{ name: 'Acme Self', role: 'Owner' }] });
      const after = JSON.parse(await read('whoami-after.json'));
      expect(after.connections.self).toBeNull();
      expect(after.connections.cloud).toMatchObject({ email: 'owner@cloud.test' });
      // The keyring's own files are encrypted; the settings and every output must not hold a secret.
      const visible = [await readAllFiles(path.join(home, 'config')), await readAllFiles(out)].join('\n');
      for (const secret of [cloudOwner.clientSecret, selfOwner.clientSecret]) expect(visible.includes(secret)).toBe(false);
    },
  );
});

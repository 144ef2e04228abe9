import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { buildHandlerTable, createDispatcher, createTrust, INVOKE, type Trust } from '../../../main/ipc';
import { fakeAppServices } from '../../support/app-services';
import { ensureTestUsers, LOGIN_USER, makeKey, OWNER_USER, sshSkipReason, startSshd, SUDO_PASSWORD_USER, type TestSshd } from '../../support/ssh';
import { runTool } from '../../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const INSTALLATION_ID = '5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f';
const ENV = `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=not-a-real-key\nglobalSettings__baseServiceUri__cloudRegion=US\n`;

/**
 * The app's server channels through the REAL handler table and dispatcher against a real OpenSSH server
 * on loopback: HOME is a temp folder with the login key and known_hosts; the fake install belongs to
 * another user, whom the login becomes through sudo; the native dialog is a recorded yes/no answerer.
 */
describe.skipIf(skipReason !== null)(`server channels over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let sshd: TestSshd;
  let install: TempInstall;
  let trust: Trust;
  const asked: string[] = [];
  const answers: boolean[] = [];
  const knownHosts = () => path.join(home, '.ssh', 'known_hosts');

  const setup = (secretStore = new MemorySecretStore(), keychain = false) => {
    trust = createTrust();
    const settings = new MemorySettingsStore();
    const services = fakeAppServices({
      host: createLocalHost(),
      settings,
      // A memory store standing in for the OS keychain when `keychain` (what the app gets with one).
      secrets: keychain ? { store: secretStore, persistent: true } : { store: secretStore, persistent: false, reason: 'test' },
      dialogs: {
        pickFolder: async () => null,
        pickFile: async () => null,
        saveFile: async () => null,
        confirm: async ({ message }) => {
          asked.push(message);
          return answers.shift() ?? false;
        },
      },
      sshEnvironment: { home, env: { HOME: home, SSH_AUTH_SOCK: '' } },
    });
    const dispatcher = createDispatcher(buildHandlerTable(services, trust));
    const call = (channel: string, payload: unknown) => dispatcher.dispatch(channel, payload, () => {});
    const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
      const result = await call(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    return { call, ok, settings };
  };

  beforeAll(async () => {
    await ensureTestUsers();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-app-home-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
    sshd = await startSshd({ password: true, authorizedKeys: { [LOGIN_USER]: [key.publicKey], [SUDO_PASSWORD_USER]: [key.publicKey] } });
    const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', OWNER_USER]), runTool('/usr/bin/id', ['-g', OWNER_USER])]);
    install = await createTempInstall({ envContent: ENV, owner: { uid: Number(uid), gid: Number(gid) } });
    await fs.chmod(install.root, 0o700);
  }, 60_000);

  afterEach(async () => {
    await trust?.hosts.close();
    asked.length = 0;
    answers.length = 0;
  });

  afterAll(async () => {
    await install?.dispose();
    await sshd?.stop();
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  it('an unknown host key is asked in the native dialog with its fingerprint; a no adds nothing and connects nothing', async () => {
    const { call } = setup();
    answers.push(false);
    const refused = await call(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    expect(refused).toMatchObject({ ok: false, error: { code: 'host-key-unknown', details: { fingerprint: sshd.hostKeyFingerprint } } });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(sshd.hostKeyFingerprint);
    await expect(fs.stat(knownHosts())).rejects.toThrow();
    expect(await call(INVOKE.serverStatus, undefined)).toEqual({ ok: true, value: { kind: 'this-computer' } });
  });

  it('a yes adds the key to known_hosts; the install of another user is read through sudo, enabled and restored over SSH without another question, its logs read', async () => {
    const { ok, call, settings } = setup();
    answers.push(true);
    const connected = await ok<{ status: { kind: string; label: string; hostKeyConfirmed: boolean } }>(INVOKE.serverConnect, {
      host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, saveAs: 'office',
    });
    expect(connected.status).toMatchObject({ kind: 'ssh', label: `${LOGIN_USER}@127.0.0.1:${sshd.port}`, hostKeyConfirmed: true });
    expect(await fs.readFile(knownHosts(), 'utf8')).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `));
    expect((await settings.load()).sshServers).toEqual([{ name: 'office', host: '127.0.0.1', user: LOGIN_USER, port: sshd.port }]);

    const used = await ok<{ install: { installId: string; confirmed: boolean }; status: { actingAs: string | null } }>(INVOKE.serverUseInstall, { folder: install.root });
    expect(used.status.actingAs).toBe(OWNER_USER);
    expect(used.install.confirmed).toBe(true);
    const status = await ok<{ installationId: string; cloudCommunication: boolean }>(INVOKE.installInspect, { installId: used.install.installId });
    expect(status).toMatchObject({ installationId: INSTALLATION_ID, cloudCommunication: false });

    const plan = await ok<{ diff: string }>(INVOKE.cloudPlanEnable, { installId: used.install.installId });
    const written = await ok<{ changed: boolean; backup: string }>(INVOKE.cloudEnable, { installId: used.install.installId, confirmedDiff: plan.diff });
    expect(written.changed).toBe(true);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${ENV}globalSettings__enableCloudCommunication=true\n`);
    expect((await fs.stat(install.envFile)).uid).toBe(Number(await runTool('/usr/bin/id', ['-u', OWNER_USER])));
    expect(asked).toHaveLength(1); // only the host key: the yes confirmed this server's install
    expect((await settings.load()).sshServers[0]?.installFolder).toBe(install.root);

    // Restore over SSH: the backup back in place.
    const restored = await ok<{ restoredFrom: string }>(INVOKE.cloudRestore, { installId: used.install.installId });
    expect(restored.restoredFrom).toBe(written.backup);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(ENV);

    // The server's logs for Sync & verify, read as the owner (the folder is the owner's only).
    const logs = path.join(install.bwdata, 'logs', 'api');
    await fs.mkdir(logs, { recursive: true });
    await fs.writeFile(path.join(logs, 'log.txt'), 'noise\n2026-12-01 Sponsorship sync finished\n');
    await runTool('/bin/chown', ['-R', `${OWNER_USER}:`, path.join(install.bwdata, 'logs')]);
    await runTool('/bin/chmod', ['700', path.join(install.bwdata, 'logs')]);
    const excerpt = await ok<{ lines: Array<{ text: string }> }>(INVOKE.syncVerifyServerLogs, { installId: used.install.installId });
    expect(excerpt.lines.map((line) => line.text)).toEqual(['2026-12-01 Sponsorship sync finished']);

    // Back to this computer: the server's handle is refused there.
    expect(await ok(INVOKE.serverUseThisComputer, undefined)).toEqual({ kind: 'this-computer' });
    expect(await call(INVOKE.installInspect, { installId: used.install.installId })).toMatchObject({ ok: false, error: { code: 'install-on-other-host' } });
  });

  it('a known key: no question; a typed install there asks before its first write', async () => {
    const { ok, call } = setup();
    await ok(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    expect(asked).toHaveLength(0);
    const used = await ok<{ install: { installId: string; confirmed: boolean } }>(INVOKE.serverUseInstall, { folder: install.root });
    expect(used.install.confirmed).toBe(false);
    const plan = await ok<{ diff: string }>(INVOKE.cloudPlanEnable, { installId: used.install.installId });
    answers.push(false);
    const refused = await call(INVOKE.cloudEnable, { installId: used.install.installId, confirmedDiff: plan.diff });
    expect(refused).toMatchObject({ ok: false, error: { code: 'install-not-confirmed' } });
    expect(asked[0]).toContain(`on ${LOGIN_USER}@127.0.0.1:${sshd.port}`);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(ENV);
  });

  it('a changed host key is refused with the interception warning, and known_hosts keeps the old key', async () => {
    const { call } = setup();
    const good = await fs.readFile(knownHosts(), 'utf8');
    const other = await makeKey(home, 'other_host_key');
    const [type, blob] = other.publicKey.split(' ');
    const before = `[127.0.0.1]:${sshd.port} ${type} ${blob}\n`;
    await fs.writeFile(knownHosts(), before, { mode: 0o600 });
    const refused = await call(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    expect(refused).toMatchObject({ ok: false, error: { code: 'host-key-changed', kind: 'unusable-input', details: { fingerprint: sshd.hostKeyFingerprint } } });
    expect(refused.ok ? '' : refused.error.message).toContain('Someone may be intercepting');
    expect(asked).toHaveLength(0);
    expect(await fs.readFile(knownHosts(), 'utf8')).toBe(before);
    await fs.writeFile(knownHosts(), good, { mode: 0o600 });
  });

  it("the firewall check measures from the server's network while connected, and from this computer after disconnecting", async () => {
    const { ok, call } = setup();
    await ok(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    // This computer's folder dialog and typed folders are refused while on the server.
    expect(await call(INVOKE.installUseTypedFolder, { folder: install.root })).toMatchObject({ ok: false, error: { code: 'working-on-server' } });
    expect(await call(INVOKE.installPickFolder, undefined)).toMatchObject({ ok: false, error: { code: 'working-on-server' } });
    // A loopback port nothing listens on: refused, wherever it is measured from.
    const request = { region: 'us', urls: ['https://127.0.0.1:9/alive'], proxy: 'none', timeoutMs: 5000 };
    const plan = await ok<{ proxyNote: string }>(INVOKE.firewallPlan, { region: 'us', urls: request.urls, proxy: 'none' });
    expect(plan.proxyNote).toBe('Direct connections: no proxy.');
    const fromServer = await ok<{ targets: Array<{ measuredFrom: string; method: string; verdict: string }> }>(INVOKE.firewallRun, { ...request, operationId: 'from-server' });
    expect(fromServer.targets).toHaveLength(1);
    expect(fromServer.targets[0]).toMatchObject({ measuredFrom: 'server', method: 'forward' });
    expect(fromServer.targets[0]?.verdict).not.toBe('ok');
    // Without a proxy given: the one the install on the server gives its containers.
    await fs.writeFile(install.envFile, `${ENV}HTTPS_PROXY=http://127.0.0.1:9\n`);
    await ok(INVOKE.serverUseInstall, { folder: install.root });
    const { proxy: _none, ...withoutProxy } = request;
    const throughProxy = await ok<{ proxy: { url: string | null } }>(INVOKE.firewallRun, { ...withoutProxy, operationId: 'install-proxy' });
    expect(throughProxy.proxy.url).toContain('127.0.0.1:9');
    await fs.writeFile(install.envFile, ENV);
    await ok(INVOKE.serverUseThisComputer, undefined);
    const local = await ok<{ targets: Array<{ measuredFrom: string; method: string }> }>(INVOKE.firewallRun, { ...request, operationId: 'from-here' });
    expect(local.targets[0]).toMatchObject({ measuredFrom: 'this-computer', method: 'local' });
  });

  it('lists saved servers and ~/.ssh/config aliases to prefill the form', async () => {
    const { ok, settings } = setup();
    await settings.update((s) => ({ ...s, sshServers: [{ name: 'prod', host: 'vault.example.org', user: 'admin', installFolder: '/opt/bitwarden' }] }));
    await fs.writeFile(path.join(home, '.ssh', 'config'), 'Host bw-test\n  HostName 127.0.0.1\n  User sst-login\n  Port 2222\n  ProxyJump admin@bastion:2200\n  IdentityFile ~/.ssh/bw_key\nHost *.internal\n  User x\n');
    const listed = await ok<{ choices: unknown[] }>(INVOKE.serverList, undefined);
    expect(listed.choices).toEqual([
      { source: 'saved', name: 'prod', host: 'vault.example.org', user: 'admin', port: null, installFolder: '/opt/bitwarden', proxyJump: null, identityName: null },
      { source: 'ssh-config', name: 'bw-test', host: 'bw-test', user: 'sst-login', port: 2222, installFolder: null, proxyJump: 'admin@bastion:2200', identityName: 'bw_key' },
    ]);
    await fs.rm(path.join(home, '.ssh', 'config'));
  });
});

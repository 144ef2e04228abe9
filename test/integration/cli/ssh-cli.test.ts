import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ensureCliBuilt, runCliProcess } from '../../support/run-cli';
import { createTestLicensingKey, issueTestLicense } from '../../support/license-factory';
import { ensureTestUsers, LOGIN_USER, makeKey, type TestKey, OWNER_USER, sshSkipReason, startSshd, SUDO_PASSWORD_USER, TEST_PASSWORD, type TestSshd } from '../../support/ssh';
import { runTool } from '../../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const hasKeyring = ['/usr/bin/dbus-run-session', '/usr/bin/gnome-keyring-daemon'].every(existsSync);
const INSTALLATION_ID = '5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f';
const ENV = `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=not-a-real-key\nglobalSettings__baseServiceUri__cloudRegion=US\n`;

/**
 * The CLI against a real OpenSSH server on loopback: the fake install belongs to another user, whom the
 * SSH login becomes through sudo (NOPASSWD rule for the test users); HOME is a temp folder holding
 * the login key and known_hosts.
 */
describe.skipIf(skipReason !== null)(`CLI over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let sshd: TestSshd;
  let install: TempInstall;
  let env: NodeJS.ProcessEnv;
  let lockedKey: TestKey;
  const target = () => `${LOGIN_USER}@127.0.0.1:${sshd.port}`;
  const knownHosts = () => path.join(home, '.ssh', 'known_hosts');
  const cli = (args: string[]) => runCliProcess(args, { env, timeoutMs: 60_000 });

  beforeAll(async () => {
    ensureCliBuilt();
    await ensureTestUsers();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-cli-home-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
    lockedKey = await makeKey(home, 'locked_ed25519', 'ed25519', 'open sesame');
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey, lockedKey.publicKey], [SUDO_PASSWORD_USER]: [key.publicKey] } });
    const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', OWNER_USER]), runTool('/usr/bin/id', ['-g', OWNER_USER])]);
    install = await createTempInstall({ envContent: ENV, owner: { uid: Number(uid), gid: Number(gid) } });
    await fs.chmod(install.root, 0o700);
    // No agent, no keychain: only the key in the temp HOME; settings in the temp HOME too.
    env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), SSH_AUTH_SOCK: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
  }, 60_000);

  afterAll(async () => {
    await install?.dispose();
    await sshd?.stop();
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  it('an unknown host key without a terminal: exit 2, host-key-unknown with the fingerprint, known_hosts untouched', async () => {
    const run = await cli(['status', '--host', target(), '--bwdata', install.root, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'host-key-unknown', fingerprint: sshd.hostKeyFingerprint } });
    expect(run.stderr).toContain(`--accept-host-key ${sshd.hostKeyFingerprint}`);
    await expect(fs.stat(knownHosts())).rejects.toThrow();
  });

  it('a non-matching --accept-host-key: exit 2, nothing added', async () => {
    const wrong = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    const run = await cli(['status', '--host', target(), '--bwdata', install.root, '--accept-host-key', wrong, '--json']);
    expect(run.code, run.stderr).toBe(2);
    expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'host-key-unknown', fingerprint: sshd.hostKeyFingerprint });
    expect(JSON.parse(run.stdout).error.message).toContain('does not match');
    await expect(fs.stat(knownHosts())).rejects.toThrow();
  });

  it('status --host with a matching --accept-host-key reads the install owned by another user through sudo, and adds the key', async () => {
    const run = await cli(['status', '--host', target(), '--bwdata', install.root, '--accept-host-key', sshd.hostKeyFingerprint, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const status = JSON.parse(run.stdout);
    expect(status.installationId).toBe(INSTALLATION_ID);
    expect(status.cloudRegion).toBe('US');
    expect(run.stderr).toContain(`working as ${OWNER_USER} through sudo`);
    expect(run.stdout).not.toContain('not-a-real-key');
    const added = await fs.readFile(knownHosts(), 'utf8');
    expect(added).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${sshd.port} ssh-ed25519 `));
    expect((await fs.stat(knownHosts())).mode & 0o777).toBe(0o600);
    // Known now: no flag needed.
    const again = await cli(['status', '--host', target(), '--bwdata', install.root, '--json']);
    expect(again.code, again.stderr).toBe(0);
  });

  it('enable-cloud over SSH writes the env file on the server, keeping its owner and mode, with a backup', async () => {
    const run = await cli(['enable-cloud', '--host', target(), '--bwdata', install.root, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, changed: true, file: install.envFile });
    const text = await fs.readFile(install.envFile, 'utf8');
    expect(text).toBe(`${ENV}globalSettings__enableCloudCommunication=true\n`);
    const [info, owner] = await Promise.all([fs.stat(install.envFile), runTool('/usr/bin/id', ['-u', OWNER_USER])]);
    expect(info.uid).toBe(Number(owner));
    expect(info.mode & 0o777).toBe(0o600);
    expect(await fs.readFile(result.backup, 'utf8')).toBe(ENV);
  });

  it('license inspect --host compares with the installation ID read on the server', async () => {
    const licensingKey = await createTestLicensingKey();
    const file = path.join(home, 'license.json');
    await fs.writeFile(file, issueTestLicense({ key: licensingKey, installationId: INSTALLATION_ID }).json);
    // Signed by the test key: verified with its certificate (Bitwarden's built-in one would call it not genuine).
    const certificate = path.join(home, 'test-licensing.cer');
    await fs.writeFile(certificate, licensingKey.certificateDer);
    const run = await cli(['license', 'inspect', file, '--host', target(), '--bwdata', install.root, '--cert', certificate, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ usable: true, license: { installationId: INSTALLATION_ID } });
    expect(run.stderr).not.toContain('Not compared');
  });

  it('a login that needs a sudo password: refused without one (exit 1, sudo-refused with the sudoers line); --sudo-password-env works', async () => {
    const sudoTarget = `${SUDO_PASSWORD_USER}@127.0.0.1:${sshd.port}`;
    const refused = await cli(['status', '--host', sudoTarget, '--bwdata', install.root, '--json']);
    expect(refused.code, refused.stderr).toBe(1);
    const error = JSON.parse(refused.stdout).error;
    expect(error.code).toBe('sudo-refused');
    expect(error.sudoersLine).toBe(`${SUDO_PASSWORD_USER} ALL=(${OWNER_USER}) NOPASSWD: ALL`);
    const missing = await cli(['status', '--host', sudoTarget, '--bwdata', install.root, '--sudo-password-env', 'NOT_SET_HERE', '--json']);
    expect(missing.code).toBe(2);
    const run = await runCliProcess(['status', '--host', sudoTarget, '--bwdata', install.root, '--sudo-password-env', 'SUDO_PW', '--json'], { env: { ...env, SUDO_PW: TEST_PASSWORD }, timeoutMs: 60_000 });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).installationId).toBe(INSTALLATION_ID);
    expect(`${run.stdout}${run.stderr}`).not.toContain(TEST_PASSWORD);
  });

  it.skipIf(!hasKeyring)('--remember-ssh-secret keeps a passphrase in the keychain for that server only; servers remove clears it (skipped without gnome-keyring)', async () => {
    // One Secret Service (gnome-keyring under dbus-run-session) for the whole sequence of CLI runs.
    const out = path.join(home, 'keyring-run');
    await fs.mkdir(path.join(home, 'run'), { recursive: true, mode: 0o700 });
    await fs.mkdir(out, { recursive: true });
    const cliRun = (name: string, args: string, prefix = '') => `${prefix}"${process.execPath}" "${CLI_ENTRY}" ${args} --json >"${out}/${name}.json" 2>"${out}/${name}.err"; echo $? >"${out}/${name}.code"`;
    const script = [
      'echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null',
      cliRun('add', `servers add vault2 --host ${target()} --identity "${lockedKey.file}" --bwdata "${install.root}"`),
      cliRun('remember', 'status --server vault2 --ssh-password-env PP --remember-ssh-secret', 'PP="open sesame" '),
      cliRun('kept', 'status --server vault2'),
      cliRun('remove', 'servers remove vault2'),
    ].join('\n');
    // dbus-run-session gives the runs their own bus; the unusable address of the other tests must not leak in.
    const sessionEnv: NodeJS.ProcessEnv = { ...process.env, ...env, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: path.join(home, 'run') };
    delete sessionEnv['DBUS_SESSION_BUS_ADDRESS'];
    await new Promise<void>((resolve, reject) =>
      execFile('dbus-run-session', ['--', 'sh', '-c', script], { env: sessionEnv, timeout: 110_000 }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    const result = async (name: string) => ({
      code: Number((await fs.readFile(path.join(out, `${name}.code`), 'utf8')).trim()),
      json: JSON.parse(await fs.readFile(path.join(out, `${name}.json`), 'utf8')),
      stderr: await fs.readFile(path.join(out, `${name}.err`), 'utf8'),
    });
    const remember = await result('remember');
    expect(remember.code, remember.stderr).toBe(0);
    expect(remember.stderr).toContain('kept 1 secret(s) in the OS keychain for vault2');
    const kept = await result('kept');
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stderr).toContain(`using the passphrase kept in the OS keychain for ${lockedKey.file}`);
    const removed = await result('remove');
    expect(removed.json).toMatchObject({ ok: true, removed: 'vault2', keychainEntriesCleared: 1 });
    for (const name of ['remember', 'kept', 'remove']) {
      const text = `${JSON.stringify((await result(name)).json)}${(await result(name)).stderr}`;
      expect(text).not.toContain('open sesame');
    }
  }, 120_000);

  it('usage errors: --host on a command without --bwdata, --host with --server, a relative --bwdata, a missing install folder', async () => {
    const whoami = await cli(['whoami', '--host', target(), '--json']);
    expect(whoami.code).toBe(2);
    const both = await cli(['status', '--host', target(), '--server', 'x', '--bwdata', '/opt/bitwarden', '--json']);
    expect(both.code).toBe(2);
    expect(JSON.parse(both.stdout).error.code).toBe('usage');
    const relative = await cli(['status', '--host', target(), '--bwdata', 'opt/bitwarden', '--json']);
    expect(relative.code).toBe(2);
    const missing = await cli(['status', '--host', target(), '--bwdata', `${install.root}-gone`, '--json']);
    expect(missing.code, missing.stderr).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('not-found');
  });

  it('a port nothing listens on: exit 1, host-unreachable with the reason, promptly', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const result = await cli(['status', '--host', `${LOGIN_USER}@127.0.0.1:${closed}`, '--bwdata', install.root, '--accept-host-key', `SHA256:${'A'.repeat(43)}`, '--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'host-unreachable' });
    expect(JSON.parse(result.stdout).error.message).toMatch(/ECONNREFUSED/);
  });

  it('servers add, list, status --server, remove', async () => {
    const add = await cli(['servers', 'add', 'vault1', '--host', target(), '--bwdata', install.root, '--json']);
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).server).toEqual({ name: 'vault1', host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, installFolder: install.root });
    expect((await cli(['servers', 'add', 'vault1', '--host', target()])).code).toBe(2);
    expect((await cli(['servers', 'add', 'bad name', '--host', target()])).code).toBe(2);

    const list = await cli(['servers', 'list', '--json']);
    expect(JSON.parse(list.stdout).servers.map((s: { name: string }) => s.name)).toEqual(['vault1']);
    const settingsText = await fs.readFile(path.join(home, '.config', 'sponsorship-setup', 'settings.json'), 'utf8');
    expect(JSON.parse(settingsText).sshServers).toHaveLength(1);

    const status = await cli(['status', '--server', 'vault1', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).installationId).toBe(INSTALLATION_ID);

    const remove = await cli(['servers', 'remove', 'vault1', '--json']);
    expect(remove.code, remove.stderr).toBe(0);
    expect(JSON.parse(remove.stdout)).toMatchObject({ ok: true, removed: 'vault1' });
    expect(JSON.parse((await cli(['servers', 'list', '--json'])).stdout).servers).toEqual([]);
    const gone = await cli(['status', '--server', 'vault1', '--json']);
    expect(gone.code).toBe(2);
    expect(JSON.parse(gone.stdout).error.code).toBe('server-unknown');
  });

  it('a changed host key is refused with the interception warning (exit 2), even with --accept-host-key of the new key', async () => {
    await sshd.changeHostKey();
    const run = await cli(['status', '--host', target(), '--bwdata', install.root, '--accept-host-key', sshd.hostKeyFingerprint, '--json']);
    expect(run.code, run.stderr).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error).toMatchObject({ code: 'host-key-changed', fingerprint: sshd.hostKeyFingerprint });
    expect(error.message).toMatch(/someone may be intercepting/i);
  });
});

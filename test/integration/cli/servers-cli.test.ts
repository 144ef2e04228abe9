import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sshSecretAccount } from '../../../main/core/ssh-target';
import { noKeychain, runCliInProcess } from '../../support/run-cli';

/**
 * `servers add|list|remove` in process, with settings in a temp XDG_CONFIG_HOME and a memory keychain
 * (nothing is contacted: saving a server never connects). The SSH runs that use a saved server are in ssh-cli.test.ts.
 */
let home: string;
const env = () => ({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') });
const settingsFile = () => path.join(home, '.config', 'sponsorship-setup', 'settings.json');
const readSettings = async () => JSON.parse(await fs.readFile(settingsFile(), 'utf8')) as { sshServers: Array<{ name: string; proxyJump?: string[] }> };

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-servers-cli-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

describe('servers remove', () => {
  it('forgets the server and clears only its keychain entries', async () => {
    const keychain = noKeychain();
    for (const name of ['prod', 'staging']) {
      expect((await runCliInProcess(['servers', 'add', name, '--host', `admin@${name}.example:2222`, '--json'], { secrets: keychain }, { env: env() })).code).toBe(0);
    }
    await keychain.store.set(sshSecretAccount('prod', 'passphrase', '/keys/id_ed25519'), 'prod passphrase');
    await keychain.store.set(sshSecretAccount('prod', 'sudo', 'bitwarden'), 'prod sudo');
    await keychain.store.set(sshSecretAccount('staging', 'password', 'admin'), 'staging password');

    const removed = await runCliInProcess(['servers', 'remove', 'prod', '--json'], { secrets: keychain }, { env: env() });
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toEqual({ ok: true, removed: 'prod', keychainEntriesCleared: 2 });
    expect(await keychain.store.list()).toEqual([sshSecretAccount('staging', 'password', 'admin')]);
    expect((await readSettings()).sshServers.map((server) => server.name)).toEqual(['staging']);

    const text = await runCliInProcess(['servers', 'remove', 'staging'], { secrets: keychain }, { env: env() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('Removed staging and cleared 1 keychain entry.');
    expect(await keychain.store.list()).toEqual([]);
  });

  it('an unknown name exits 2, names the saved servers and changes nothing', async () => {
    const keychain = noKeychain();
    await runCliInProcess(['servers', 'add', 'prod', '--host', 'prod.example', '--json'], { secrets: keychain }, { env: env() });
    await keychain.store.set(sshSecretAccount('prod', 'password', 'admin'), 'kept');
    const before = await fs.readFile(settingsFile(), 'utf8');

    const run = await runCliInProcess(['servers', 'remove', 'prdo', '--json'], { secrets: keychain }, { env: env() });
    expect(run.code).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe('server-unknown');
    expect(error.message).toContain('(saved: prod)');
    expect(await fs.readFile(settingsFile(), 'utf8')).toBe(before);
    expect(await keychain.store.list()).toHaveLength(1);
  });
});

describe('servers add --proxy-jump', () => {
  it('saves the hops, and servers list shows them in text and JSON', async () => {
    const add = await runCliInProcess(['servers', 'add', 'inner', '--host', 'admin@10.0.0.5', '--proxy-jump', 'jump@bastion.example:2200, [fd00::1]:22,gate', '--json'], {}, { env: env() });
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).server).toMatchObject({ name: 'inner', proxyJump: 'jump@bastion.example:2200,[fd00::1]:22,gate' });
    expect((await readSettings()).sshServers[0]?.proxyJump).toBe('jump@bastion.example:2200,[fd00::1]:22,gate');

    const json = await runCliInProcess(['servers', 'list', '--json'], {}, { env: env() });
    expect(JSON.parse(json.stdout).servers).toEqual([{ name: 'inner', host: '10.0.0.5', user: 'admin', proxyJump: 'jump@bastion.example:2200,[fd00::1]:22,gate' }]);
    const text = await runCliInProcess(['servers', 'list'], {}, { env: env() });
    expect(text.stdout).toContain('inner\tadmin@10.0.0.5, no install folder saved, through jump@bastion.example:2200,[fd00::1]:22,gate');
  });

  it('none is saved as OpenSSH\'s "no jump" (direct, overriding ~/.ssh/config) and listed as such; the JSON keeps proxyJump "none"', async () => {
    const add = await runCliInProcess(['servers', 'add', 'inner', '--host', 'admin@10.0.0.5', '--proxy-jump', ' NONE ', '--json'], {}, { env: env() });
    expect(add.code, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).server).toMatchObject({ name: 'inner', proxyJump: 'none' });
    expect((await readSettings()).sshServers[0]?.proxyJump).toBe('none');
    const added = await runCliInProcess(['servers', 'add', 'outer', '--host', 'admin@10.0.0.6', '--proxy-jump', 'none'], {}, { env: env() });
    expect(added.stdout).toContain('Saved outer (admin@10.0.0.6, no install folder saved, direct (no ProxyJump)).');

    const json = await runCliInProcess(['servers', 'list', '--json'], {}, { env: env() });
    expect(JSON.parse(json.stdout).servers.map((server: { proxyJump?: string }) => server.proxyJump)).toEqual(['none', 'none']);
    const text = await runCliInProcess(['servers', 'list'], {}, { env: env() });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('inner\tadmin@10.0.0.5, no install folder saved, direct (no ProxyJump)');
    expect(text.stdout).not.toContain('through none');
  });

  it('a bad hop exits 2, says which, and saves nothing', async () => {
    const bad = { 'bastion,,inner': 'hop 2 of 3', 'bastion:99999': '"99999" is not a port', 'gate,bad host': 'hop 2 of 2: "bad host"', 'ad min@bastion': '"ad min" is not a user name' };
    for (const [hops, why] of Object.entries(bad)) {
      const run = await runCliInProcess(['servers', 'add', 'inner', '--host', 'admin@10.0.0.5', '--proxy-jump', hops, '--json'], {}, { env: env() });
      expect(run.code, hops).toBe(2);
      const error = JSON.parse(run.stdout).error;
      expect(error.code, hops).toBe('bad-host');
      expect(error.message, hops).toMatch(/^--proxy-jump: .*Nothing was saved\.$/);
      expect(error.message, hops).toContain(why);
    }
    // An empty value is refused by the option parser itself.
    expect((await runCliInProcess(['servers', 'add', 'inner', '--host', 'admin@10.0.0.5', '--proxy-jump', '', '--json'], {}, { env: env() })).code).toBe(2);
    await expect(fs.stat(settingsFile())).rejects.toThrow();
  });
});

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

import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettingsPath, FileSettingsStore, MemorySettingsStore, settingsSchema } from '../../../main/core/settings';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-settings-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('settings (no secrets, file mode 600, atomic)', () => {
  it('lives under $XDG_CONFIG_HOME/sponsorship-setup, else ~/.config', () => {
    expect(defaultSettingsPath({ XDG_CONFIG_HOME: '/x/conf' })).toBe('/x/conf/sponsorship-setup/settings.json');
    expect(defaultSettingsPath({})).toBe(path.join(os.homedir(), '.config', 'sponsorship-setup', 'settings.json'));
  });

  it('writes a 600 file in a 700 folder, leaves no temp files, reads back what it wrote', async () => {
    const file = path.join(folder, 'sponsorship-setup', 'settings.json');
    const store = new FileSettingsStore(file);
    expect((await store.load()).servers).toEqual({});
    await store.update((s) => ({ ...s, servers: { cloud: { region: 'EU', apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu', clientId: 'user.x' } } }));
    await store.update((s) => ({ ...s, lastInstallFolder: '/opt/bitwarden' }));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
    const loaded = await new FileSettingsStore(file).load();
    expect(loaded.servers.cloud?.region).toBe('EU');
    expect(loaded.lastInstallFolder).toBe('/opt/bitwarden');
  });

  it('serialises concurrent updates without losing one', async () => {
    const store = new FileSettingsStore(path.join(folder, 'settings.json'));
    await Promise.all(Array.from({ length: 5 }, (_, i) => store.update((s) => ({ ...s, wizard: { ...s.wizard, completedSteps: [...s.wizard.completedSteps, `step-${i}`] } }))));
    expect((await store.load()).wizard.completedSteps).toHaveLength(5);
  });

  it('refuses secret-looking keys, on save and on load', async () => {
    const store = new MemorySettingsStore();
    await expect(store.update((s) => ({ ...s, wizard: { ...s.wizard, values: { billingSyncKey: 'abc' } } }))).rejects.toThrow(/must not hold secrets/);
    await expect(store.update((s) => ({ ...s, wizard: { ...s.wizard, values: { clientSecret: 'abc' } } }))).rejects.toThrow(/must not hold secrets/);
    expect(settingsSchema.safeParse({ servers: { cloud: { apiUrl: 'https://a', identityUrl: 'https://b', clientSecret: 'x' } } }).success).toBe(false);
    await expect(store.update((s) => ({ ...s, wizard: { ...s.wizard, values: { cloudOrganizationId: 'abc', licenseUploaded: true } } }))).resolves.toBeTruthy();

    const file = path.join(folder, 'settings.json');
    await writeFile(file, JSON.stringify({ version: 1, wizard: { values: { masterPassword: 'x' } } }));
    await expect(new FileSettingsStore(file).load()).rejects.toMatchObject({ code: 'settings-unreadable' });
  });

  it('names a corrupt file instead of silently resetting it', async () => {
    const file = path.join(folder, 'settings.json');
    await writeFile(file, '{ not json');
    await expect(new FileSettingsStore(file).load()).rejects.toMatchObject({ code: 'settings-unreadable' });
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});

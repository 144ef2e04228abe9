import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSettingsStore } from '../../../main/core/settings';
import { createElectronSettingsStore } from '../../../main/electron/settings-store';

// Outside Electron's main process: no app/ipcMain, so electron-store must use the absolute folder we give.
vi.mock('electron', () => ({ default: {} }));

describe('the app settings (electron-store) share the CLI settings file', () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('what the app saves, the CLI reads, and the other way round; mode 600; secrets refused', async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-settings-'));
    const file = path.join(folder, 'sponsorship-setup', 'settings.json');
    const app = await createElectronSettingsStore(file);
    await app.update((current) => ({
      ...current,
      lastInstallFolder: '/opt/bitwarden',
      servers: { cloud: { region: 'US', apiUrl: 'https://api.bitwarden.com', identityUrl: 'https://identity.bitwarden.com', clientId: 'user.00000000-0000-0000-0000-000000000001' } },
    }));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    // The file is the settings object itself, exactly the CLI's format.
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ lastInstallFolder: '/opt/bitwarden' });

    const cli = new FileSettingsStore(file);
    expect((await cli.load()).servers.cloud?.clientId).toBe('user.00000000-0000-0000-0000-000000000001');
    await cli.update((current) => ({ ...current, wizard: { ...current.wizard, values: { 'firewall.verdict': 'ok' } } }));
    expect((await app.load()).wizard.values['firewall.verdict']).toBe('ok');

    await expect(app.update((current) => ({ ...current, wizard: { ...current.wizard, values: { clientSecret: 'nope' } } }))).rejects.toThrow(/secret/i);
    expect(await readFile(file, 'utf8')).not.toContain('nope');
  });
});

import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileSettingsStore } from '../../../main/core/settings';
import { createElectronSettingsStore } from '../../../main/electron/settings-store';

// Outside Electron's main process: no app/ipcMain, so electron-store must use the absolute folder we give.
vi.mock('electron', () => ({ default: {} }));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-settings-folder-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (target: string) => (await stat(target)).mode & 0o777;

describe('the settings folder is private (0700) and the settings file is checked before reading', () => {
  it('the CLI store creates it 0700', async () => {
    const file = path.join(root, 'config', 'sponsorship-setup', 'settings.json');
    await new FileSettingsStore(file).update((s) => ({ ...s, lastInstallFolder: '/opt/bitwarden' }));
    expect(await modeOf(path.dirname(file))).toBe(0o700);
  });

  it('the app store (electron-store) creates it 0700, and closes one left open to others', async () => {
    const file = path.join(root, 'config', 'sponsorship-setup', 'settings.json');
    const app = await createElectronSettingsStore(file);
    await app.update((s) => ({ ...s, lastInstallFolder: '/opt/bitwarden' }));
    expect(await modeOf(path.dirname(file))).toBe(0o700);

    const other = path.join(root, 'open', 'sponsorship-setup');
    await mkdir(other, { recursive: true });
    await chmod(other, 0o755);
    await createElectronSettingsStore(path.join(other, 'settings.json'));
    expect(await modeOf(other)).toBe(0o700);
  });

  it('a settings file that is a FIFO or too large is refused unread by both stores', async () => {
    const folder = path.join(root, 'sponsorship-setup');
    await mkdir(folder, { recursive: true });
    const fifo = path.join(folder, 'settings.json');
    execFileSync('mkfifo', [fifo]);
    await expect(new FileSettingsStore(fifo).load()).rejects.toMatchObject({ code: 'settings-unreadable' });
    await expect(createElectronSettingsStore(fifo)).rejects.toMatchObject({ code: 'settings-unreadable' });

    const big = path.join(root, 'big', 'settings.json');
    await mkdir(path.dirname(big), { recursive: true });
    await writeFile(big, `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`);
    await expect(new FileSettingsStore(big).load()).rejects.toMatchObject({ code: 'settings-unreadable' });
  });
});

import { randomUUID } from 'node:crypto';
import { chmod, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreError, readUserFile } from '../shared';
import { emptySettings, settingsSchema, type Settings } from './settings-schema';

/** Non-secret app settings. Implementations: file (CLI), memory (tests), electron-store (app, elsewhere). */
export interface SettingsStore {
  load(): Promise<Settings>;
  /**
   * Applies `change` to the current settings, validates the result against the schema (which refuses
   * secret-looking keys) and saves it. Updates run one at a time.
   */
  update(change: (current: Settings) => Settings): Promise<Settings>;
}

/** `$XDG_CONFIG_HOME/sponsorship-setup/settings.json`, default `~/.config/sponsorship-setup/settings.json`. */
export function defaultSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'sponsorship-setup', 'settings.json');
}

export class MemorySettingsStore implements SettingsStore {
  private current: Settings;
  constructor(initial?: unknown) {
    this.current = initial === undefined ? emptySettings() : settingsSchema.parse(initial);
  }
  async load(): Promise<Settings> {
    return structuredClone(this.current);
  }
  async update(change: (current: Settings) => Settings): Promise<Settings> {
    this.current = validate(change(structuredClone(this.current)));
    return structuredClone(this.current);
  }
}

/** The CLI's settings file: mode 600 in a 700 folder, replaced atomically (temp file, fsync, rename). */
export class FileSettingsStore implements SettingsStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly filePath: string = defaultSettingsPath()) {}

  async load(): Promise<Settings> {
    const text = await readSettingsText(this.filePath);
    if (text === null) return emptySettings();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CoreError('settings-unreadable', `The settings file ${this.filePath} is not valid JSON. Fix or delete it.`, 'unusable-input');
    }
    const result = settingsSchema.safeParse(json);
    if (!result.success) {
      throw new CoreError(
        'settings-unreadable',
        `The settings file ${this.filePath} is not valid: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        'unusable-input',
      );
    }
    return result.data;
  }

  update(change: (current: Settings) => Settings): Promise<Settings> {
    const run = this.queue.then(async () => {
      const next = validate(change(await this.load()));
      await this.write(next);
      return next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(settings: Settings): Promise<void> {
    const folder = path.dirname(this.filePath);
    await ensurePrivateFolder(folder);
    const temp = path.join(folder, `.settings-${randomUUID()}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(settings, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temp, this.filePath);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }
}

/** Settings are a few KiB; a bigger file (or a device, or a pipe) is not ours and is not read. */
export const SETTINGS_FILE_MAX_BYTES = 1024 * 1024;

/**
 * The settings file's text, or `null` when there is none yet. It must be a regular file of at most
 * {@link SETTINGS_FILE_MAX_BYTES}, checked before reading (shared by the CLI's store and the app's).
 */
export async function readSettingsText(filePath: string): Promise<string | null> {
  try {
    return new TextDecoder().decode(await readUserFile(filePath, 'settings file', SETTINGS_FILE_MAX_BYTES, { code: 'settings-unreadable' }));
  } catch (error) {
    if (error instanceof CoreError && (error.details?.['reason'] === 'file-not-found')) return null;
    throw error;
  }
}

/**
 * Creates the settings folder readable by this user only (0700): it names the servers, accounts and
 * organizations this admin works with. A folder this user owns that is open to others is closed.
 */
export async function ensurePrivateFolder(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const current = await stat(folder);
  const mine = process.getuid === undefined || current.uid === process.getuid();
  if (mine && (current.mode & 0o077) !== 0) await chmod(folder, current.mode & 0o700);
}

function validate(settings: Settings): Settings {
  const result = settingsSchema.safeParse(settings);
  if (!result.success) {
    throw new CoreError('settings-invalid', `Settings not saved: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'problem');
  }
  return result.data;
}

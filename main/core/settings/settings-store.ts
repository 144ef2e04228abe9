import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CoreError } from '../shared';
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
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
      throw error;
    }
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
    await mkdir(folder, { recursive: true, mode: 0o700 });
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

function validate(settings: Settings): Settings {
  const result = settingsSchema.safeParse(settings);
  if (!result.success) {
    throw new CoreError('settings-invalid', `Settings not saved: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, 'problem');
  }
  return result.data;
}

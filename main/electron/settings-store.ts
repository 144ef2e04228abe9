import path from 'node:path';
import { CoreError } from '../core/shared';
import { defaultSettingsPath, ensurePrivateFolder, readSettingsText, settingsSchema, type Settings, type SettingsStore } from '../core/settings';

/**
 * The app's settings in electron-store (mode 600, atomic writes), behind the same `SettingsStore`
 * interface the CLI's file store implements — and in the SAME file
 * (`$XDG_CONFIG_HOME/sponsorship-setup/settings.json`), so a connection made in the app, the wizard's
 * recorded evidence and the chosen organizations are there for `sponsorship-setup report` and the other
 * commands too. The settings object is the file's top level, exactly as the CLI writes it.
 * electron-store is ESM-only and loads Electron, so it is imported here, lazily, and nowhere else.
 */
export async function createElectronSettingsStore(filePath: string = defaultSettingsPath()): Promise<SettingsStore> {
  const { default: ElectronStore } = await import('electron-store');
  // conf would create the folder 0755 and read any file there whole: make the folder 0700 first,
  // and refuse a settings file that is not a regular file or is too large before it is read.
  await ensurePrivateFolder(path.dirname(filePath));
  await readSettingsText(filePath);
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: path.dirname(filePath),
    name: path.basename(filePath, '.json'),
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Settings> => {
    const result = settingsSchema.safeParse(store.store);
    if (!result.success) {
      throw new CoreError('settings-unreadable', `The settings in ${store.path} are not valid; fix or delete the file to start over.`, 'unusable-input');
    }
    return result.data;
  };

  return {
    load,
    update(change) {
      const run = queue.then(async () => {
        // Parsing again applies the schema's refusal of secret-looking keys to every write.
        const next = settingsSchema.parse(change(await load()));
        store.store = next;
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

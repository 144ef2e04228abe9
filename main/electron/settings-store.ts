import { CoreError } from '../core/shared';
import { settingsSchema, type Settings, type SettingsStore } from '../core/settings';

/**
 * The app's settings in electron-store (schema-checked JSON under the app's userData, mode 600,
 * atomic writes), behind the same `SettingsStore` interface the CLI's file store implements.
 * electron-store is ESM-only and loads Electron, so it is imported here, lazily, and nowhere else.
 */
export async function createElectronSettingsStore(): Promise<SettingsStore> {
  const { default: ElectronStore } = await import('electron-store');
  const store = new ElectronStore<{ settings?: unknown }>({ name: 'settings', configFileMode: 0o600, clearInvalidConfig: false });
  let queue: Promise<unknown> = Promise.resolve();

  const load = async (): Promise<Settings> => {
    const result = settingsSchema.safeParse(store.get('settings') ?? {});
    if (!result.success) {
      throw new CoreError('settings-unreadable', `The settings in ${store.path} are not valid; delete the file to start over.`, 'unusable-input');
    }
    return result.data;
  };

  return {
    load,
    update(change) {
      const run = queue.then(async () => {
        // Parsing again applies the schema's refusal of secret-looking keys to every write.
        const next = settingsSchema.parse(change(await load()));
        store.set('settings', next);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

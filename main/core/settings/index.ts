export { emptySettings, isSecretLookingKey, settingsSchema } from './settings-schema';
export type { ServerSettings, Settings } from './settings-schema';
export { defaultSettingsPath, ensurePrivateFolder, FileSettingsStore, MemorySettingsStore, readSettingsText, SETTINGS_FILE_MAX_BYTES } from './settings-store';
export type { SettingsStore } from './settings-store';

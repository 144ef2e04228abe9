export { emptySettings, isSecretLookingKey, settingsSchema } from './settings-schema';
export type { ServerSettings, Settings } from './settings-schema';
export { defaultSettingsPath, FileSettingsStore, MemorySettingsStore } from './settings-store';
export type { SettingsStore } from './settings-store';

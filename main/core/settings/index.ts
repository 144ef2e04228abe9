export { emptySettings, isSecretLookingKey, settingsSchema, SSH_SERVER_NAME_PATTERN } from './settings-schema';
export type { ServerSettings, Settings, SshServerSettings } from './settings-schema';
export { defaultSettingsPath, ensurePrivateFolder, FileSettingsStore, MemorySettingsStore, readSettingsText, SETTINGS_FILE_MAX_BYTES } from './settings-store';
export type { SettingsStore } from './settings-store';

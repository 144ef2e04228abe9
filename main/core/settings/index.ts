export { emptySettings, isSecretLookingKey, settingsSchema, SSH_SERVER_NAME_PATTERN } from './settings-schema';
export type { ServerSettings, Settings, SshServerSettings } from './settings-schema';
export { defaultSettingsPath, FileSettingsStore, MemorySettingsStore } from './settings-store';
export type { SettingsStore } from './settings-store';

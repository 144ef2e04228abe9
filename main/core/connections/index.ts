export { ConnectionManager, createConnectionManager } from './connection-manager';
export { parseApiKeyPaste } from './api-key-paste';
export type { ApiKeyPaste } from './api-key-paste';
export type { ConnectionManagerOptions, LoginInput, RoleIdentity, WhoAmI } from './connection-manager';

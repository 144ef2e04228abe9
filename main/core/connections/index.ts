export { ConnectionManager, createConnectionManager } from './connection-manager';
export type { ConnectionManagerOptions, LoginInput, RoleIdentity, WhoAmI } from './connection-manager';
export { extractApiKeyPair } from './api-key-paste';
export type { ApiKeyPaste, ApiKeyPasteProblem } from './api-key-paste';
export { saveConnectionRoute, savedRouteOf } from './saved-route';

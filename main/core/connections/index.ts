export { ConnectionManager, createConnectionManager } from './connection-manager';
export type { ConnectionManagerOptions, LoginInput, RoleIdentity, WhoAmI } from './connection-manager';

export { apiKeyAccount, billingSyncAccount, MemorySecretStore, SECRET_SERVICE_NAME } from './secret-store';
export type { SecretStore } from './secret-store';
export { KeytarSecretStore } from './keytar-secret-store';
export { openSecretStore } from './open-secret-store';
export type { OpenedSecretStore, OpenSecretStoreOptions } from './open-secret-store';

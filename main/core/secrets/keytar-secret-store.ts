import { checkAccount, SECRET_SERVICE_NAME, type SecretStore } from './secret-store';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
}

let keytarModule: Promise<Keytar> | undefined;

/**
 * Loaded on first use, not at import: the native addon (and libsecret on Linux) must not slow down
 * `--help` or break commands that never touch secrets.
 */
export function loadKeytar(): Promise<Keytar> {
  keytarModule ??= import('@github/keytar').then((mod) => ((mod as { default?: Keytar }).default ?? (mod as unknown as Keytar)));
  return keytarModule;
}

/** The OS keychain (Keychain on macOS, Credential Manager on Windows, Secret Service on Linux). */
export class KeytarSecretStore implements SecretStore {
  readonly persistent = true;

  constructor(private readonly service: string = SECRET_SERVICE_NAME) {}

  async get(account: string): Promise<string | null> {
    return (await loadKeytar()).getPassword(this.service, account);
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    await (await loadKeytar()).setPassword(this.service, account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return (await loadKeytar()).deletePassword(this.service, account);
  }

  async list(): Promise<string[]> {
    const credentials = await (await loadKeytar()).findCredentials(this.service);
    return credentials.map((c) => c.account).sort();
  }
}

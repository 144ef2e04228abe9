/**
 * Where client secrets and billing sync tokens live: the OS keychain, or process memory when there is
 * none. Never a file. Accounts: `cloud:<clientId>`, `self:<clientId>`, `billing-sync:<cloudOrgId>`.
 */
export interface SecretStore {
  /** True when secrets survive a restart (the OS keychain). */
  readonly persistent: boolean;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when something was removed. */
  delete(account: string): Promise<boolean>;
  /** Account names only, sorted. */
  list(): Promise<string[]>;
}

/** The one keychain service name for the app. */
export const SECRET_SERVICE_NAME = 'Sponsorship Setup';

export function apiKeyAccount(role: 'cloud' | 'self', clientId: string): string {
  return `${role}:${clientId}`;
}

export function billingSyncAccount(cloudOrgId: string): string {
  return `billing-sync:${cloudOrgId.toLowerCase()}`;
}

/** Secrets held only while the process runs: the fallback without a keychain, and the test double. */
export class MemorySecretStore implements SecretStore {
  readonly persistent = false;
  private readonly secrets = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    checkAccount(account);
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }

  async list(): Promise<string[]> {
    return [...this.secrets.keys()].sort();
  }
}

export function checkAccount(account: string): void {
  if (!account || account.length > 200) throw new Error('secret account names must be 1–200 characters');
}

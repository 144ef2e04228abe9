import type { SshEndpoint, SshSecretPrompts } from '../../core/host/ssh';
import type { OpenedSecretStore } from '../../core/secrets';
import { sshSecretAccount, type SshSecretKind } from '../../core/ssh-target';

/** Secrets the admin typed in the app for this server: memory only, each offered once. */
export interface GivenSshSecrets {
  /** The key passphrase or the login password (one field, as OpenSSH asks for whichever is needed). */
  password?: string;
  sudoPassword?: string;
}

export interface AppSshPrompts extends SshSecretPrompts {
  /** More secrets typed later (a sudo password after sudo asked for one). */
  give(secrets: GivenSshSecrets): void;
  /** Keeps what was typed in the OS keychain, only when the admin ticked it; call once it worked. */
  keepTyped(): Promise<string | null>;
}

/**
 * SSH secrets in the app: what the admin typed for this server (memory only), then what the admin chose
 * to keep in the OS keychain, else null (the connection then says which methods it tried, and the
 * screen asks). Nothing is written anywhere except the keychain, and only by choice.
 */
export function createAppSshPrompts(options: { scope: string; secrets: OpenedSecretStore; given: GivenSshSecrets; keep: boolean; log: (line: string) => void }): AppSshPrompts {
  const given: GivenSshSecrets = { ...options.given };
  const used = new Set<string>();
  const typed = new Map<string, string>();

  const ask = async (kind: SshSecretKind, subject: string, value: string | undefined): Promise<string | null> => {
    const account = sshSecretAccount(options.scope, kind, subject);
    if (value && !used.has(`typed ${account}`)) {
      used.add(`typed ${account}`);
      typed.set(account, value);
      return value;
    }
    if (!used.has(`keychain ${account}`) && options.secrets.persistent) {
      used.add(`keychain ${account}`);
      const kept = await options.secrets.store.get(account);
      if (kept) {
        options.log(`[ssh] using the ${kind === 'sudo' ? 'sudo password' : kind} kept in the OS keychain for ${subject}`);
        return kept;
      }
    }
    return null;
  };
  const endpointText = (endpoint: SshEndpoint) => `${endpoint.user}@${endpoint.host}:${endpoint.port}`;

  return {
    passphrase: (keyFile) => ask('passphrase', keyFile, given.password),
    password: (endpoint) => ask('password', endpointText(endpoint), given.password),
    sudoPassword: (endpoint, asUser) => ask('sudo', `${endpoint.user}->${asUser}`, given.sudoPassword),
    give(more) {
      if (more.password) {
        given.password = more.password;
        for (const key of [...used]) if (key.startsWith('typed ') && !key.includes(':sudo:')) used.delete(key);
      }
      if (more.sudoPassword) {
        given.sudoPassword = more.sudoPassword;
        for (const key of [...used]) if (key.startsWith('typed ') && key.includes(':sudo:')) used.delete(key);
      }
    },
    async keepTyped() {
      if (!options.keep || typed.size === 0) return null;
      if (!options.secrets.persistent) return `Not kept: ${options.secrets.reason}`;
      for (const [account, secret] of typed) await options.secrets.store.set(account, secret);
      options.log(`[ssh] kept ${typed.size} secret(s) in the OS keychain for ${options.scope}`);
      typed.clear();
      return null;
    },
  };
}

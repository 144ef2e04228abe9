import path from 'node:path';
import type { SshEndpoint, SshSecretPrompts } from '../../core/host/ssh';
import type { OpenedSecretStore } from '../../core/secrets';
import { endpointLabel, sshSecretAccount, type SshSecretKind } from '../../core/ssh-target';
import type { ServerSecretPrompt } from '../contracts/server-contract';
import type { SecretAnswer } from './secret-prompt-broker';

export interface AppSshPrompts extends SshSecretPrompts {
  /** Keeps, in the OS keychain, what the admin typed and ticked "keep" for; call once it worked. */
  keepTyped(): Promise<string | null>;
}

/** Asks the admin on the page while the connection waits (the broker's `ask`). */
export type AskAdmin = (question: Omit<ServerSecretPrompt, 'promptId'>) => Promise<SecretAnswer | null>;

/**
 * SSH secrets in the app: first what the admin chose to keep in the OS keychain for this server, then
 * asked on the page while the connection waits; null when the admin cancels (the connection then
 * says which methods it tried). Typed secrets stay in memory; the keychain gets one only by choice.
 */
export function createAppSshPrompts(options: { scope: string; secrets: OpenedSecretStore; ask: AskAdmin; log: (line: string) => void }): AppSshPrompts {
  const keychainTried = new Set<string>();
  const asked = new Set<string>();
  const toKeep = new Map<string, string>();

  const obtain = async (kind: SshSecretKind, account: string, subject: string): Promise<string | null> => {
    if (!keychainTried.has(account) && options.secrets.persistent) {
      keychainTried.add(account);
      const kept = await options.secrets.store.get(account);
      if (kept) {
        options.log(`[ssh] using the ${kind === 'sudo' ? 'sudo password' : kind} kept in the OS keychain for ${subject}`);
        return kept;
      }
    }
    const retry = asked.has(account);
    asked.add(account);
    const answer = await options.ask({ kind, subject, retry, canKeep: options.secrets.persistent });
    if (!answer) {
      toKeep.delete(account);
      return null;
    }
    // Only the last answer counts: an earlier, refused one is never kept.
    if (answer.keep) toKeep.set(account, answer.secret);
    else toKeep.delete(account);
    return answer.secret;
  };
  const account = (kind: SshSecretKind, subject: string) => sshSecretAccount(options.scope, kind, subject);
  const plainLabel = (endpoint: SshEndpoint) => `${endpoint.user}@${endpoint.host}:${endpoint.port}`;

  return {
    passphrase: (keyFile) => obtain('passphrase', account('passphrase', keyFile), `the key ${path.basename(keyFile)}`),
    password: (endpoint) => obtain('password', account('password', plainLabel(endpoint)), endpointLabel(endpoint)),
    sudoPassword: (endpoint, asUser) => obtain('sudo', account('sudo', `${endpoint.user}->${asUser}`), `${endpoint.user} on ${endpoint.host}, to act as ${asUser}`),
    async keepTyped() {
      if (toKeep.size === 0) return null;
      if (!options.secrets.persistent) return `Not kept: ${options.secrets.reason}`;
      for (const [name, secret] of toKeep) await options.secrets.store.set(name, secret);
      options.log(`[ssh] kept ${toKeep.size} secret(s) in the OS keychain for ${options.scope}`);
      toKeep.clear();
      return null;
    },
  };
}

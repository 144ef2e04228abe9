import path from 'node:path';
import type { SshEndpoint, SshSecretPrompts } from '../../core/host/ssh';
import type { OpenedSecretStore } from '../../core/secrets';
import { endpointLabel, sshSecretAccount, type SshSecretKind } from '../../core/ssh-target';
import type { ServerSecretPrompt } from '../contracts/server-contract';
import type { SecretAnswer } from './secret-prompt-broker';

export interface AppSshPrompts extends SshSecretPrompts {
  /**
   * Call once what was typed worked: it is remembered for this connection (memory, so sudo is asked
   * once) and, when the admin ticked "keep", kept in the OS keychain. Returns why it was not kept.
   */
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
  const lastAnswers = new Map<string, SecretAnswer>();
  const worked = new Map<string, string>();
  /** Remembered answers handed out since the last success: asked for again means it failed. */
  const handedOut = new Set<string>();

  const obtain = async (kind: SshSecretKind, account: string, subject: string): Promise<string | null> => {
    const known = worked.get(account);
    if (known !== undefined && !handedOut.has(account)) {
      handedOut.add(account);
      return known;
    }
    // Asked again before a success: the remembered one no longer works (changed on the server).
    worked.delete(account);
    if (!keychainTried.has(account) && options.secrets.persistent) {
      keychainTried.add(account);
      const kept = await options.secrets.store.get(account);
      if (kept) {
        options.log(`[ssh] using the ${kind === 'sudo' ? 'sudo password' : kind} kept in the OS keychain for ${subject}`);
        lastAnswers.set(account, { secret: kept, keep: false });
        return kept;
      }
    }
    const retry = asked.has(account);
    asked.add(account);
    const answer = await options.ask({ kind, subject, retry, canKeep: options.secrets.persistent });
    // Only the last answer counts: an earlier, refused one is never kept.
    if (answer) lastAnswers.set(account, answer);
    else lastAnswers.delete(account);
    return answer?.secret ?? null;
  };
  const account = (kind: SshSecretKind, subject: string) => sshSecretAccount(options.scope, kind, subject);
  const plainLabel = (endpoint: SshEndpoint) => `${endpoint.user}@${endpoint.host}:${endpoint.port}`;

  return {
    passphrase: (keyFile) => obtain('passphrase', account('passphrase', keyFile), `the key ${path.basename(keyFile)}`),
    password: (endpoint) => obtain('password', account('password', plainLabel(endpoint)), endpointLabel(endpoint)),
    sudoPassword: (endpoint, asUser) => obtain('sudo', account('sudo', `${endpoint.user}->${asUser}`), `${endpoint.user} on ${endpoint.host}, to act as ${asUser}`),
    async keepTyped() {
      const toKeep = [...lastAnswers].filter(([, answer]) => answer.keep);
      for (const [name, answer] of lastAnswers) worked.set(name, answer.secret);
      lastAnswers.clear();
      handedOut.clear();
      if (toKeep.length === 0) return null;
      if (!options.secrets.persistent) return `Not kept: ${options.secrets.reason}`;
      for (const [name, answer] of toKeep) await options.secrets.store.set(name, answer.secret);
      options.log(`[ssh] kept ${toKeep.length} secret(s) in the OS keychain for ${options.scope}`);
      return null;
    },
  };
}

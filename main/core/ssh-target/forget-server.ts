import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import { sshSecretPrefix } from './ssh-secret-accounts';

/**
 * Forgets a saved SSH server: its settings entry, then every secret kept for it in the OS keychain
 * (passphrase, password, sudo password). `removed` is false, and nothing changed, when no server has that name.
 */
export async function forgetSshServer(settings: SettingsStore, secrets: SecretStore, name: string): Promise<{ removed: boolean; keychainEntriesCleared: number }> {
  if (!(await settings.load()).sshServers.some((server) => server.name === name)) return { removed: false, keychainEntriesCleared: 0 };
  await settings.update((current) => ({ ...current, sshServers: current.sshServers.filter((server) => server.name !== name) }));
  const prefix = sshSecretPrefix(name);
  let keychainEntriesCleared = 0;
  for (const account of await secrets.list()) {
    if (account.startsWith(prefix) && (await secrets.delete(account))) keychainEntriesCleared += 1;
  }
  return { removed: true, keychainEntriesCleared };
}

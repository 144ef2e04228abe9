import type { SshServerSettings } from '../../core/settings';
import type { AppServices } from '../services';

/** Saves (or updates) a server by name: where it is, how it is reached, never a secret. */
export async function saveServer(services: AppServices, server: SshServerSettings): Promise<void> {
  await services.settings.update((settings) => {
    const kept = settings.sshServers.find((entry) => entry.name === server.name);
    const merged = dropUndefined({ ...(kept ?? {}), ...server });
    const others = settings.sshServers.filter((entry) => entry.name !== server.name);
    return { ...settings, sshServers: [...others, merged] };
  });
}

export async function rememberInstallFolder(services: AppServices, name: string, installFolder: string): Promise<void> {
  await services.settings.update((settings) => ({
    ...settings,
    sshServers: settings.sshServers.map((entry) => (entry.name === name ? { ...entry, installFolder } : entry)),
  }));
}

/** `[user@]host[:port]` (IPv6 in brackets), as the SSH target resolver takes it. */
export function targetText(host: string, user: string | undefined, port: number | undefined): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `${user ? `${user}@` : ''}${bracketed}${port ? `:${port}` : host.includes(':') ? ':22' : ''}`;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

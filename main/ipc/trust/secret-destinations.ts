import { readInstallStatus } from '../../core/install';
import { CoreError } from '../../core/shared';
import { cloudEndpoints, SERVER_ROLE_TITLES, type ServerRole, type VaultEndpoints } from '../../core/vault-api';
import type { AppServices } from '../services';
import type { HandleRegistry } from './handle-registry';

/** What goes to the host, in the dialog's words. */
export type SecretKind = 'API key' | 'master password hash' | 'billing sync token' | 'license';

/** Bitwarden's own cloud hosts (US and EU): secrets may go there without asking. */
const CLOUD_HOSTS = new Set(
  (['US', 'EU'] as const).flatMap((region) => Object.values(cloudEndpoints(region)).map((url) => new URL(url).host.toLowerCase())),
);

export function hostsOf(endpoints: VaultEndpoints): string[] {
  return [...new Set([endpoints.apiUrl, endpoints.identityUrl].map((url) => new URL(url).host.toLowerCase()))];
}

/** host:port of every vault URL of an install the admin chose in main (dialog, saved, or confirmed). */
async function chosenInstallVaultHosts(services: AppServices, handles: HandleRegistry): Promise<Set<string>> {
  const hosts = new Set<string>();
  for (const folder of handles.confirmedInstalls()) {
    try {
      const status = await readInstallStatus(services.host, folder);
      if (status.vaultUrl) hosts.add(new URL(status.vaultUrl).host.toLowerCase());
    } catch {
      // An unreadable install vouches for nothing.
    }
  }
  return hosts;
}

/**
 * Before a secret first goes to a host that is neither a Bitwarden cloud host nor the chosen install's
 * own vault, main asks the admin in a native dialog naming that host. The answer is remembered per
 * connection in settings (the host only). Returns the hosts the admin allowed just now, for the caller
 * to remember once the connection is saved (a sign-in rewrites the connection's settings).
 */
export async function confirmSecretDestination(
  services: AppServices,
  handles: HandleRegistry,
  request: { role: ServerRole; endpoints: VaultEndpoints; secret: SecretKind; remembered?: string[] },
): Promise<string[]> {
  const remembered = new Set((request.remembered ?? []).map((host) => host.toLowerCase()));
  const unknown = hostsOf(request.endpoints).filter((host) => !CLOUD_HOSTS.has(host) && !remembered.has(host));
  if (unknown.length === 0) return [];
  const installHosts = await chosenInstallVaultHosts(services, handles);
  const ask = unknown.filter((host) => !installHosts.has(host));
  for (const host of ask) {
    const allowed = await services.dialogs.confirm({
      title: 'Send a secret to this server?',
      message: `Send your ${request.secret} to ${host}?`,
      detail:
        `${host} is not a Bitwarden cloud server and not the vault of the install you chose. ` +
        `Allow it only if it is the ${SERVER_ROLE_TITLES[request.role]} you mean to set up.`,
      confirmLabel: `Send to ${host}`,
    });
    if (!allowed) {
      services.log(`[trust] the admin refused to send the ${request.secret} to ${host}`);
      throw new CoreError('destination-refused', `Nothing was sent: you did not allow sending the ${request.secret} to ${host}.`, 'unusable-input');
    }
    services.log(`[trust] the admin allowed sending the ${request.secret} to ${host}`);
  }
  return ask;
}

/** Checks a saved connection before one of its secrets is sent, and remembers a new answer. */
export async function confirmSavedConnection(services: AppServices, handles: HandleRegistry, role: ServerRole, secret: SecretKind): Promise<void> {
  const server = (await services.settings.load()).servers[role];
  if (!server) return; // Not signed in: the connection manager says so in its own words.
  const allowed = await confirmSecretDestination(services, handles, {
    role,
    endpoints: { apiUrl: server.apiUrl, identityUrl: server.identityUrl },
    secret,
    remembered: server.confirmedHosts,
  });
  if (allowed.length > 0) await rememberConfirmedHosts(services, role, allowed);
}

export async function rememberConfirmedHosts(services: AppServices, role: ServerRole, hosts: string[]): Promise<void> {
  if (hosts.length === 0) return;
  await services.settings.update((s) => {
    const server = s.servers[role];
    if (!server) return s;
    const confirmedHosts = [...new Set([...(server.confirmedHosts ?? []), ...hosts])].slice(-10);
    return { ...s, servers: { ...s.servers, [role]: { ...server, confirmedHosts } } };
  });
}

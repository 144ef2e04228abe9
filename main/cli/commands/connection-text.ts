import type { RoleIdentity, WhoAmI } from '../../core/connections';
import type { ServerSettings } from '../../core/settings';
import { SERVER_ROLE_TITLES, type ServerRole } from '../../core/vault-api';

// Loads core (vault-api): commands import this module lazily, inside their actions, so `--help` stays light.

export interface SecretStorageInfo {
  persistent: boolean;
  reason?: string;
}

/** Where the server is, as the admin chose it: region for the cloud, vault URL for self-hosted. */
export function describeWhere(role: ServerRole, server: ServerSettings | undefined, endpoints: { apiUrl: string; identityUrl: string }): string {
  const place =
    role === 'cloud'
      ? server?.region && server.region !== 'custom'
        ? `${server.region} region`
        : 'custom endpoints'
      : (server?.vaultUrl ?? 'custom endpoints');
  return `${SERVER_ROLE_TITLES[role]} (${place}: API ${endpoints.apiUrl}, identity ${endpoints.identityUrl})`;
}

/** Lines describing one signed-in connection. Never includes a secret: RoleIdentity carries none. */
export function identityLines(identity: RoleIdentity, server: ServerSettings | undefined): string[] {
  const lines = [`${describeWhere(identity.role, server, identity.endpoints)}`, `  account:  ${identity.email} (client_id ${identity.clientId})`];
  if (server?.caFile) lines.push(`  extra CA: ${server.caFile}`);
  lines.push(`  route:    ${routeLine(identity)}`);
  lines.push(`  secret:   ${SECRET_SOURCE_TEXT[identity.secretSource]}`);
  if (identity.organizations.length === 0) lines.push('  organizations: none');
  else {
    lines.push('  organizations:');
    for (const organization of identity.organizations) {
      const chosen = server?.organizationId === organization.id ? ' [chosen]' : '';
      lines.push(`    ${organization.name} (${organization.id}): ${organization.role}${chosen}`);
    }
  }
  if (identity.explanation) lines.push(`  note: ${identity.explanation}`);
  return lines;
}

/** "through server admin@bw1 (last call)"; before any call, the route's kind. */
function routeLine(identity: RoleIdentity): string {
  if (identity.routeTaken) return `${identity.routeTaken} (last call)`;
  return identity.route === 'server' ? 'through the server' : identity.route === 'system-proxy' ? 'through the system proxy' : 'direct';
}

const SECRET_SOURCE_TEXT: Record<RoleIdentity['secretSource'], string> = {
  keychain: 'in the OS keychain',
  memory: 'in memory only (no OS keychain): set BW_CLIENTID and BW_CLIENTSECRET next time',
  environment: 'from BW_CLIENTID / BW_CLIENTSECRET in the environment',
};

export function whoamiText(whoami: WhoAmI, servers: Partial<Record<ServerRole, ServerSettings>>, storage: SecretStorageInfo): string {
  const blocks: string[] = [];
  for (const role of ['cloud', 'self'] as const) {
    const entry = whoami[role];
    if (!entry) {
      blocks.push(`${SERVER_ROLE_TITLES[role]}: not signed in (sponsorship-setup login ${role} …)`);
      continue;
    }
    if ('error' in entry) {
      const server = servers[role];
      const where = server ? describeWhere(role, server, server) : SERVER_ROLE_TITLES[role];
      blocks.push(`${where}\n  error [${entry.error.code}]: ${entry.error.message}`);
      continue;
    }
    blocks.push(identityLines(entry, servers[role]).join('\n'));
  }
  blocks.push(storage.persistent ? 'Secrets are kept in the OS keychain.' : `Secrets are not kept: ${storage.reason ?? 'no OS keychain.'}`);
  return blocks.join('\n\n');
}

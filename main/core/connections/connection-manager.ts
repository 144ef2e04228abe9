import { randomUUID } from 'node:crypto';
import { CA_FILE_MAX_BYTES, CoreError, readUserFile } from '../shared';
import { apiKeyAccount, type SecretStore } from '../secrets';
import { saveConnectionRoute } from './saved-route';
import type { ServerSettings, SettingsStore } from '../settings';
import {
  createVaultClient,
  describeRouteTaken,
  routeFactoryFor,
  type ApiRouteKind,
  type RouteServer,
  type RouteServices,
  defaultDeviceName,
  deviceTypeFor,
  normaliseEndpoints,
  type ClientSurface,
  type OrganizationMembership,
  type ServerRole,
  type VaultClient,
  type VaultClientOptions,
  type VaultEndpoints,
} from '../vault-api';

export interface ConnectionManagerOptions {
  settings: SettingsStore;
  secrets: SecretStore;
  /** Desktop app or CLI: decides the Bitwarden device type and client name (see vault-api/client-identity.ts). */
  surface: ClientSurface;
  /** Only `BW_CLIENTID` / `BW_CLIENTSECRET` are read. Default `process.env`. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  /** Test seam: transport options (timeouts, retries) for every client made. */
  clientOptions?: Partial<Omit<VaultClientOptions, 'role' | 'endpoints' | 'device' | 'extraCaPem' | 'clientName' | 'route'>>;
  /** Where the system proxy and the SSH server for the routes come from (the app: Electron and the host session; the CLI: its environment and --host). */
  routes?: RouteServices;
  /** The CLI's `--route`: used instead of each connection's saved route for this process. */
  routeOverride?: ApiRouteKind;
}

export interface LoginInput {
  endpoints: VaultEndpoints;
  clientId: string;
  clientSecret: string;
  /** Extra trusted root for this server (PEM file path, kept in settings). */
  caFile?: string;
  /** Remembered for display: `US`/`EU` for the cloud, the vault URL for self-hosted. */
  region?: 'US' | 'EU' | 'custom';
  vaultUrl?: string;
  /** How API calls to this server travel, saved with the connection (default direct). */
  route?: ApiRouteKind;
}

export interface RoleIdentity {
  role: ServerRole;
  endpoints: VaultEndpoints;
  email: string;
  clientId: string;
  organizations: OrganizationMembership[];
  ownerOrganizations: OrganizationMembership[];
  /** Set when no organization is owned: every step of this tool needs the Owner role. */
  explanation?: string;
  /** Where the secret came from this time. */
  secretSource: 'keychain' | 'memory' | 'environment';
  /** The connection's route (the manager always sets it), and how its last request went in words ("through server admin@bw1"). */
  route?: ApiRouteKind;
  routeTaken?: string;
}

/** A connection that failed now; `routeTaken` says which way the failed call went, when it got that far. */
export type WhoAmI = Partial<Record<ServerRole, RoleIdentity | { role: ServerRole; error: { code: string; message: string }; routeTaken?: string }>>;

const ROLES: ServerRole[] = ['cloud', 'self'];

/**
 * Joins settings (endpoints, client ids), the SecretStore (API key secrets) and VaultClients.
 * Secrets are read from the store or the environment when needed and handed to the client in memory;
 * they are never written to settings or logs.
 */
export class ConnectionManager {
  private readonly clients = new Map<ServerRole, VaultClient>();
  private routeServer: (() => Promise<RouteServer | undefined>) | undefined;
  private readonly env: NodeJS.ProcessEnv;
  private readonly log: (line: string) => void;

  constructor(private readonly options: ConnectionManagerOptions) {
    this.env = options.env ?? process.env;
    this.log = options.log ?? (() => {});
  }

  /** Signs in and reads the profile; only when both work are the secret and the settings saved. */
  async login(role: ServerRole, input: LoginInput): Promise<RoleIdentity> {
    const clientId = input.clientId.trim();
    const clientSecret = input.clientSecret.trim();
    if (!/^user\.[0-9a-f-]{36}$/i.test(clientId)) {
      throw new CoreError('invalid-client-id', `The client_id must look like "user.<guid>" (personal API key), got "${clientId}".`, 'unusable-input');
    }
    if (!clientSecret) throw new CoreError('invalid-client-secret', 'The client_secret is empty.', 'unusable-input');
    const endpoints = normaliseEndpoints(input.endpoints);
    const route = this.options.routeOverride ?? input.route ?? 'direct';
    const client = await this.makeClient(role, endpoints, input.caFile, route);
    try {
      await client.signIn({ clientId, clientSecret });
      const profile = await client.getProfile();
      await this.options.secrets.set(apiKeyAccount(role, clientId), clientSecret);
      const previous = (await this.options.settings.load()).servers[role];
      await this.options.settings.update((s) => ({
        ...s,
        servers: {
          ...s.servers,
          [role]: {
            ...(input.region ? { region: input.region } : {}),
            ...(input.vaultUrl ? { vaultUrl: input.vaultUrl } : {}),
            apiUrl: endpoints.apiUrl,
            identityUrl: endpoints.identityUrl,
            ...(input.caFile ? { caFile: input.caFile } : {}),
            clientId,
            email: profile.email,
            ...(previous?.organizationId ? { organizationId: previous.organizationId } : {}),
            ...(route !== 'direct' ? { route } : {}),
          } satisfies ServerSettings,
        },
      }));
      if (previous?.clientId && previous.clientId !== clientId) await this.options.secrets.delete(apiKeyAccount(role, previous.clientId));
      await this.replaceClient(role, client);
      this.log(`[connections] signed in to ${role} as ${profile.email} (${describeRouteTaken(client.routeTaken ?? { kind: route })})`);
      return identityOf(role, endpoints, clientId, profile.email, profile.organizations, this.options.secrets.persistent ? 'keychain' : 'memory', client);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /** Forgets the role: keychain entry, settings entry and the in-memory client. */
  async logout(role: ServerRole): Promise<void> {
    const server = (await this.options.settings.load()).servers[role];
    if (server?.clientId) await this.options.secrets.delete(apiKeyAccount(role, server.clientId));
    await this.options.settings.update((s) => {
      const servers = { ...s.servers };
      delete servers[role];
      return { ...s, servers };
    });
    await this.replaceClient(role, undefined);
    this.log(`[connections] signed out of ${role}`);
  }

  /** Who is signed in where, with owned organizations; one role failing does not hide the other. */
  async whoami(): Promise<WhoAmI> {
    const settings = await this.options.settings.load();
    const result: WhoAmI = {};
    for (const role of ROLES) {
      const server = settings.servers[role];
      const envId = this.env.BW_CLIENTSECRET?.trim() ? this.env.BW_CLIENTID?.trim() : undefined;
      const clientId = server?.clientId ?? envId;
      if (!server || !clientId) continue;
      try {
        const { client, source } = await this.signedInClient(role);
        const profile = await client.getProfile();
        result[role] = identityOf(role, client.endpoints, source === 'environment' && envId ? envId : clientId, profile.email, profile.organizations, source, client);
      } catch (error) {
        const code = error instanceof CoreError ? error.code : 'unexpected';
        const routeTaken = error instanceof CoreError && typeof error.details?.['routeTaken'] === 'string' ? error.details['routeTaken'] : undefined;
        result[role] = { role, error: { code, message: error instanceof Error ? error.message : String(error) }, ...(routeTaken ? { routeTaken } : {}) };
      }
    }
    return result;
  }

  /**
   * Saves how API calls to `role` travel and drops its client, so the next call opens on the new route.
   * Needs a saved connection (sign in first); the route of a sign-in is given with `login`.
   */
  async setRoute(role: ServerRole, route: ApiRouteKind): Promise<void> {
    await saveConnectionRoute(this.options.settings, role, route);
    await this.replaceClient(role, undefined);
    this.log(`[connections] ${role}: API calls now go ${route === 'server' ? 'through the server' : route === 'system-proxy' ? 'through the system proxy' : 'direct'}`);
  }

  /** The app's host session tells where the SSH server is, once it exists (the manager is made before it). */
  useRouteServer(server: () => Promise<RouteServer | undefined>): void {
    this.routeServer = server;
  }

  /** A signed-in client for the role, reusing the one in memory. */
  async client(role: ServerRole): Promise<VaultClient> {
    return (await this.signedInClient(role)).client;
  }

  async close(): Promise<void> {
    for (const role of ROLES) await this.replaceClient(role, undefined);
  }

  private async signedInClient(role: ServerRole): Promise<{ client: VaultClient; source: RoleIdentity['secretSource'] }> {
    const existing = this.clients.get(role);
    const settings = await this.options.settings.load();
    const server = settings.servers[role];
    const envId = this.env.BW_CLIENTID?.trim();
    const envSecret = this.env.BW_CLIENTSECRET?.trim();
    // The environment wins for the role it names (same client id) or for a role without a saved client id,
    // so scripts can run without a keychain.
    const useEnv = !!envId && !!envSecret && (!server?.clientId || server.clientId === envId);
    const source: RoleIdentity['secretSource'] = useEnv ? 'environment' : this.options.secrets.persistent ? 'keychain' : 'memory';
    if (existing?.signedIn) return { client: existing, source };
    if (!server) {
      throw new CoreError('not-signed-in', `Not signed in to the ${role === 'cloud' ? 'Bitwarden cloud' : 'self-hosted'} server. Sign in first.`, 'unusable-input');
    }
    const clientId = useEnv ? envId! : server.clientId;
    const secret = useEnv ? envSecret! : clientId ? await this.options.secrets.get(apiKeyAccount(role, clientId)) : null;
    if (!clientId || !secret) {
      throw new CoreError(
        'not-signed-in',
        `No saved API key secret for the ${role === 'cloud' ? 'cloud' : 'self-hosted'} server${this.options.secrets.persistent ? '' : ' (no keychain: secrets are kept only while the app runs)'}. Sign in again or set BW_CLIENTID and BW_CLIENTSECRET.`,
        'unusable-input',
      );
    }
    const client = await this.makeClient(role, { apiUrl: server.apiUrl, identityUrl: server.identityUrl }, server.caFile, this.options.routeOverride ?? server.route ?? 'direct');
    try {
      await client.signIn({ clientId, clientSecret: secret });
    } catch (error) {
      await client.close();
      throw error;
    }
    await this.replaceClient(role, client);
    return { client, source };
  }

  private async makeClient(role: ServerRole, endpoints: VaultEndpoints, caFile: string | undefined, route: ApiRouteKind): Promise<VaultClient> {
    let extraCaPem: string | undefined;
    if (caFile) {
      const bytes = await readUserFile(caFile, 'CA certificate file', CA_FILE_MAX_BYTES, { code: 'ca-file-unreadable' });
      extraCaPem = new TextDecoder().decode(bytes);
      if (!extraCaPem.includes('-----BEGIN CERTIFICATE-----')) {
        throw new CoreError('ca-file-unreadable', `${caFile} is not a PEM certificate file.`, 'unusable-input');
      }
    }
    const deviceId = await this.deviceId();
    return createVaultClient({
      ...this.options.clientOptions,
      role,
      endpoints,
      ...(extraCaPem ? { extraCaPem } : {}),
      device: { type: deviceTypeFor(this.options.surface), identifier: deviceId, name: defaultDeviceName(this.options.surface) },
      clientName: this.options.surface,
      log: this.options.clientOptions?.log ?? this.log,
      route: routeFactoryFor(route, { ...this.options.routes, ...(this.routeServer ? { server: this.routeServer } : {}) }),
    });
  }

  /** Stable per installation of the tool, created on first use. */
  private async deviceId(): Promise<string> {
    const current = (await this.options.settings.load()).deviceId;
    if (current) return current;
    const created = randomUUID();
    const saved = await this.options.settings.update((s) => (s.deviceId ? s : { ...s, deviceId: created }));
    return saved.deviceId ?? created;
  }

  private async replaceClient(role: ServerRole, client: VaultClient | undefined): Promise<void> {
    const old = this.clients.get(role);
    if (client) this.clients.set(role, client);
    else this.clients.delete(role);
    if (old && old !== client) await old.close();
  }
}

function identityOf(
  role: ServerRole,
  endpoints: VaultEndpoints,
  clientId: string,
  email: string,
  organizations: OrganizationMembership[],
  secretSource: RoleIdentity['secretSource'],
  client: VaultClient,
): RoleIdentity {
  const ownerOrganizations = organizations.filter((o) => o.isOwner);
  const where = role === 'cloud' ? 'cloud' : 'self-hosted';
  const explanation =
    ownerOrganizations.length > 0
      ? undefined
      : organizations.length === 0
        ? `${email} is not a member of any organization on the ${where} server. Sign in with the account that owns the organization.`
        : `${email} is not an Owner of any organization on the ${where} server (roles: ${organizations.map((o) => `${o.name}: ${o.role}`).join(', ')}). License and billing sync steps need an Owner.`;
  const taken = client.routeTaken;
  return {
    role,
    endpoints,
    email,
    clientId,
    organizations,
    ownerOrganizations,
    ...(explanation ? { explanation } : {}),
    secretSource,
    route: client.routeKind,
    ...(taken ? { routeTaken: describeRouteTaken(taken) } : {}),
  };
}

export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  return new ConnectionManager(options);
}

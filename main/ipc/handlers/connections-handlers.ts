import type { RoleIdentity, WhoAmI } from '../../core/connections';
import type { ServerSettings } from '../../core/settings';
import { CoreError } from '../../core/shared';
import { cloudEndpoints, selfHostedEndpoints, SERVER_ROLE_TITLES, type VaultEndpoints } from '../../core/vault-api';
import { INVOKE } from '../channels';
import type { ConnectionRole, ConnectionView, ConnectionsStatus } from '../contracts/connections-contract';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { confirmSecretDestination, createTrust, rememberConfirmedHosts, type Trust } from '../trust';
import { selfVaultUrl } from './self-vault-url';

/** Where Bitwarden's web vault shows the personal API key (Account settings › Security › Keys; the clients' `security-keys` route). */
const API_KEY_PAGE = '/#/settings/security/security-keys';
const CLOUD_VAULTS = { US: 'https://vault.bitwarden.com', EU: 'https://vault.bitwarden.eu' } as const;

import type { ValueOf } from '../channels';
import type { CONNECTIONS_INVOKE } from '../channels/connections-channels';

type ConnectionsChannels = ValueOf<typeof CONNECTIONS_INVOKE>;

/**
 * Sign-in to the cloud and the self-hosted vault for the Connections panel. The client secret arrives
 * once with `connectionsLogin`, goes straight to the connection manager (keychain or memory) and is
 * never part of a response, an event or a log line: responses are built from RoleIdentity and settings,
 * which hold none.
 */
export function connectionsHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, ConnectionsChannels> {
  const { connections, settings } = services;

  const secretStorage = (): ConnectionsStatus['secretStorage'] =>
    services.secrets.persistent ? { persistent: true } : { persistent: false, reason: services.secrets.reason };

  return {
    [INVOKE.connectionsStatus]: async () => {
      const [whoami, current] = await Promise.all([connections.whoami(), settings.load()]);
      return {
        cloud: viewOf('cloud', whoami, current.servers.cloud),
        self: viewOf('self', whoami, current.servers.self),
        secretStorage: secretStorage(),
      };
    },
    [INVOKE.connectionsLogin]: async (request) => {
      const { role, clientId, clientSecret } = request;
      const caFile = request.caFileId ? trust.handles.filePath(request.caFileId, 'ca') : undefined;
      let endpoints: VaultEndpoints;
      let extra: { region?: 'US' | 'EU' | 'custom'; vaultUrl?: string };
      if (request.role === 'self') {
        endpoints = selfHostedEndpoints(request.vaultUrl);
        extra = { vaultUrl: endpoints.apiUrl.replace(/\/api$/, '') };
      } else if (request.region === 'custom') {
        endpoints = { apiUrl: request.apiUrl, identityUrl: request.identityUrl };
        extra = { region: 'custom' };
      } else {
        endpoints = cloudEndpoints(request.region);
        extra = { region: request.region };
      }
      // The page names this server: before the API key goes anywhere new, main asks the admin.
      const before = (await settings.load()).servers[role];
      const sameServer = before?.apiUrl === endpoints.apiUrl && before.identityUrl === endpoints.identityUrl;
      const remembered = sameServer ? before.confirmedHosts : undefined;
      const allowed = await confirmSecretDestination(services, trust.handles, { role, endpoints, secret: 'API key', remembered });
      if (request.route === 'server') requireSshServer(trust);
      const identity = await connections.login(role, { endpoints, clientId, clientSecret, caFile, ...extra, ...(request.route ? { route: request.route } : {}) });
      await rememberConfirmedHosts(services, role, [...(remembered ?? []), ...allowed]);
      // One Owner organization and nothing chosen yet: that is the one, save the admin a click.
      let server = (await settings.load()).servers[role];
      const owned = identity.ownerOrganizations;
      if (owned.length === 1 && !owned.some((o) => o.id === server?.organizationId)) {
        server = await saveOrganization(services, role, owned[0]!.id);
      }
      services.log(`[connections] ${SERVER_ROLE_TITLES[role]}: signed in as ${identity.email} (${owned.length} owned organization(s))`);
      return identityView(identity, server);
    },
    [INVOKE.connectionsSetRoute]: async ({ role, route }) => {
      if (route === 'server') requireSshServer(trust);
      await connections.setRoute(role, route);
      const [whoami, current] = await Promise.all([connections.whoami(), settings.load()]);
      const view = viewOf(role, whoami, current.servers[role]);
      if (!view) throw new CoreError('not-signed-in', `Sign in to the ${SERVER_ROLE_TITLES[role]} first.`, 'unusable-input');
      services.log(`[connections] ${SERVER_ROLE_TITLES[role]}: route ${route}${view.routeTaken ? `, reached ${view.routeTaken}` : ''}`);
      return view;
    },
    [INVOKE.connectionsLogout]: async ({ role }) => {
      await connections.logout(role);
      return { role, signedOut: true as const };
    },
    [INVOKE.connectionsChooseOrganization]: async ({ role, organizationId }) => {
      const whoami = await connections.whoami();
      const entry = whoami[role];
      if (!entry) throw new CoreError('not-signed-in', `Sign in to the ${SERVER_ROLE_TITLES[role]} first.`, 'unusable-input');
      if ('error' in entry) throw new CoreError(entry.error.code, entry.error.message, 'problem');
      const organization = entry.organizations.find((o) => o.id.toLowerCase() === organizationId.toLowerCase());
      if (!organization) {
        throw new CoreError('unknown-organization', `${entry.email} is not a member of organization ${organizationId} on the ${SERVER_ROLE_TITLES[role]}.`, 'unusable-input');
      }
      if (!organization.isOwner) {
        throw new CoreError(
          'not-an-owner',
          `${entry.email} is ${organization.role} of ${organization.name}, not Owner. The license and billing sync steps need the organization's Owner.`,
          'unusable-input',
        );
      }
      const server = await saveOrganization(services, role, organization.id);
      services.log(`[connections] ${SERVER_ROLE_TITLES[role]}: organization ${organization.name} (${organization.id}) chosen`);
      return identityView(entry, server);
    },
    [INVOKE.connectionsApiKeyPages]: async ({ installId }) => {
      const vault = await selfVaultUrl(services, trust, installId);
      return {
        cloud: { US: trust.links.register(CLOUD_VAULTS.US + API_KEY_PAGE), EU: trust.links.register(CLOUD_VAULTS.EU + API_KEY_PAGE) },
        self: vault && vault.startsWith('https://') ? trust.links.register(vault.replace(/\/+$/, '') + API_KEY_PAGE) : null,
      };
    },
    [INVOKE.connectionsPickCaFile]: async () => {
      const file = await services.dialogs.pickFile({ title: 'Choose the extra trusted root certificate (PEM)', extensions: ['pem', 'crt', 'cer'] });
      return { file: file ? trust.handles.issueFile(file, 'ca', 'dialog') : null };
    },
  };
}

/** "Through the server" needs a server over SSH; with the install on this computer it is refused, never quietly direct. */
function requireSshServer(trust: Trust): void {
  if (!trust.hosts.current()) {
    throw new CoreError('route-needs-server', 'API calls can go through the server only while a server is connected over SSH. Connect to it first (Where is the Bitwarden server?), or choose Direct or System proxy.', 'unusable-input', {
      route: 'server',
    });
  }
}

async function saveOrganization(services: AppServices, role: ConnectionRole, organizationId: string): Promise<ServerSettings | undefined> {
  const saved = await services.settings.update((s) => {
    const server = s.servers[role];
    if (!server) throw new CoreError('not-signed-in', `Sign in to the ${SERVER_ROLE_TITLES[role]} first.`, 'unusable-input');
    return { ...s, servers: { ...s.servers, [role]: { ...server, organizationId } } };
  });
  return saved.servers[role];
}

function viewOf(role: ConnectionRole, whoami: WhoAmI, server: ServerSettings | undefined): ConnectionView | null {
  const entry = whoami[role];
  if (!entry) return null;
  if (!('error' in entry)) return identityView(entry, server);
  return {
    ...placeOf(server),
    role,
    state: 'error',
    endpoints: server ? { apiUrl: server.apiUrl, identityUrl: server.identityUrl } : { apiUrl: '', identityUrl: '' },
    email: server?.email,
    clientId: server?.clientId,
    organizations: [],
    ownerOrganizations: [],
    organizationId: server?.organizationId ?? null,
    route: server?.route ?? 'direct',
    ...(entry.routeTaken ? { routeTaken: entry.routeTaken } : {}),
    error: entry.error,
  };
}

/** Built field by field from data that holds no secret (RoleIdentity + settings), never by spreading. */
function identityView(identity: RoleIdentity, server: ServerSettings | undefined): ConnectionView {
  const chosen = server?.organizationId;
  return {
    ...placeOf(server),
    role: identity.role,
    state: 'signed-in',
    endpoints: { apiUrl: identity.endpoints.apiUrl, identityUrl: identity.endpoints.identityUrl },
    email: identity.email,
    clientId: identity.clientId,
    organizations: identity.organizations,
    ownerOrganizations: identity.ownerOrganizations,
    explanation: identity.explanation,
    // A choice made with another account (or lost ownership) does not count.
    organizationId: chosen && identity.ownerOrganizations.some((o) => o.id === chosen) ? chosen : null,
    secretSource: identity.secretSource,
    route: identity.route ?? server?.route ?? 'direct',
    ...(identity.routeTaken ? { routeTaken: identity.routeTaken } : {}),
  };
}

function placeOf(server: ServerSettings | undefined): Pick<ConnectionView, 'region' | 'vaultUrl' | 'caFile'> {
  return {
    region: server?.region,
    vaultUrl: server?.vaultUrl,
    caFile: server?.caFile,
  };
}

import { CONNECTIONS_INVOKE } from '../../main/ipc/channels/connections-channels';
import type { ConnectionLoginRequest, ConnectionRole } from '../../main/ipc/contracts/connections-contract';
import type { BridgeTransport } from '../bridge-types';

/** Sign-in data common to both servers. The secret is sent once and never returned by any call. */
export interface ApiKeyInput {
  /** `user.<guid>` from the web vault (Account settings › Security › Keys › View API key). */
  clientId: string;
  clientSecret: string;
  /** Handle of an extra trusted root (PEM) for a private PKI, from `pickCaFile`; verification stays on. */
  caFileId?: string;
}

export type CloudTarget = { region: 'US' | 'EU' } | { region: 'custom'; apiUrl: string; identityUrl: string };

/** The Connections panel: API-key sign-in to the Bitwarden cloud and the self-hosted vault. */
export function createConnectionsApi(transport: BridgeTransport) {
  const withCa = (key: ApiKeyInput) => ({ clientId: key.clientId, clientSecret: key.clientSecret, ...(key.caFileId ? { caFileId: key.caFileId } : {}) });
  return {
    /**
     * Who is signed in where (reads each saved connection's profile now), with organizations and roles,
     * the chosen organization, and whether secrets persist in the OS keychain.
     */
    status: () => transport.invoke(CONNECTIONS_INVOKE.connectionsStatus, undefined),
    /**
     * Signs in to the cloud (US, EU, or explicit endpoints) with a personal API key. On success the
     * secret is kept in the OS keychain (or memory for this session); with exactly one owned
     * organization it is chosen at once.
     */
    signInCloud: (target: CloudTarget, key: ApiKeyInput) =>
      transport.invoke(CONNECTIONS_INVOKE.connectionsLogin, { role: 'cloud', ...target, ...withCa(key) } as ConnectionLoginRequest),
    /** Signs in to the self-hosted vault at `vaultUrl` (API at `<vault>/api`, identity at `<vault>/identity`). */
    signInSelf: (vaultUrl: string, key: ApiKeyInput) =>
      transport.invoke(CONNECTIONS_INVOKE.connectionsLogin, { role: 'self', vaultUrl, ...withCa(key) }),
    /** Forgets a server: its keychain entry and its settings. */
    signOut: (role: ConnectionRole) => transport.invoke(CONNECTIONS_INVOKE.connectionsLogout, { role }),
    /** Chooses the organization to set up on that server; refused unless the account is its Owner. */
    chooseOrganization: (role: ConnectionRole, organizationId: string) =>
      transport.invoke(CONNECTIONS_INVOKE.connectionsChooseOrganization, { role, organizationId }),
    /** Opens the native file picker for an extra trusted root certificate (PEM). */
    pickCaFile: () => transport.invoke(CONNECTIONS_INVOKE.connectionsPickCaFile, undefined),
    /** Link ids of the pages showing the API key: the cloud's (per region) and the install's own vault. */
    apiKeyPages: (installId: string | null) => transport.invoke(CONNECTIONS_INVOKE.connectionsApiKeyPages, { installId }),
  };
}

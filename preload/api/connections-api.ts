import { CONNECTIONS_INVOKE } from '../../main/ipc/channels/connections-channels';
import type { RequestOf } from '../../main/ipc/contracts';
import type { ConnectionRole } from '../../main/ipc/contracts/connections-contract';
import type { BridgeTransport } from '../bridge-types';

type Request<K extends keyof typeof CONNECTIONS_INVOKE> = RequestOf<(typeof CONNECTIONS_INVOKE)[K]>;

/** The Connections panel: API-key sign-in to the Bitwarden cloud and the self-hosted vault. */
export function createConnectionsApi(transport: BridgeTransport) {
  return {
    /**
     * Who is signed in where (reads each saved connection's profile now), with organizations and roles,
     * the chosen organization, and whether secrets persist in the OS keychain.
     */
    status: () => transport.invoke(CONNECTIONS_INVOKE.connectionsStatus, undefined),
    /**
     * Signs in to the cloud (US, EU, or explicit endpoints) or the self-hosted vault with a personal
     * API key (`clientSecret` is sent once and never returned). On success the
     * secret is kept in the OS keychain (or memory for this session); with exactly one owned
     * organization it is chosen at once.
     */
    signIn: (request: Request<'connectionsLogin'>) => transport.invoke(CONNECTIONS_INVOKE.connectionsLogin, request),
    /** Forgets a server: its keychain entry and its settings. */
    signOut: (role: ConnectionRole) => transport.invoke(CONNECTIONS_INVOKE.connectionsLogout, { role }),
    /** Chooses the organization to set up on that server; refused unless the account is its Owner. */
    chooseOrganization: (request: Request<'connectionsChooseOrganization'>) => transport.invoke(CONNECTIONS_INVOKE.connectionsChooseOrganization, request),
    /** How API calls to a signed-in server travel: direct, the system proxy, or through the connected SSH server. */
    setRoute: (request: Request<'connectionsSetRoute'>) => transport.invoke(CONNECTIONS_INVOKE.connectionsSetRoute, request),
    /** Opens the native file picker for an extra trusted root certificate (PEM). */
    pickCaFile: () => transport.invoke(CONNECTIONS_INVOKE.connectionsPickCaFile, undefined),
    /** Link ids of the pages showing the API key: the cloud's (per region) and the install's own vault. */
    apiKeyPages: (installId: string | null) => transport.invoke(CONNECTIONS_INVOKE.connectionsApiKeyPages, { installId }),
  };
}

import { SERVER_INVOKE } from '../../main/ipc/channels/server-channels';
import type { BridgeTransport } from '../bridge-types';

export function createServerApi(transport: BridgeTransport) {
  return {
    /** Saved servers and ~/.ssh/config aliases (to prefill host, user, port) and where the app works now. */
    list: () => transport.invoke(SERVER_INVOKE.serverList, undefined),
    /**
     * Connects over SSH. An unknown host key is asked in a native dialog; `password` (key passphrase or
     * login password) goes only to this server and is kept in the OS keychain only with `keepInKeychain`.
     */
    connect: (request: { host: string; user?: string; port?: number; serverName?: string; saveAs?: string; password?: string; keepInKeychain?: boolean }) =>
      transport.invoke(SERVER_INVOKE.serverConnect, request),
    /** The install folder on the connected server; `sudoPassword` when sudo asked for one. */
    useInstall: (folder: string, sudoPassword?: string) => transport.invoke(SERVER_INVOKE.serverUseInstall, { folder, ...(sudoPassword ? { sudoPassword } : {}) }),
    status: () => transport.invoke(SERVER_INVOKE.serverStatus, undefined),
    /** Disconnects; the install steps work on this computer again. */
    useThisComputer: () => transport.invoke(SERVER_INVOKE.serverUseThisComputer, undefined),
  };
}

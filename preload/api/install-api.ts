import { INSTALL_INVOKE } from '../../main/ipc/channels/install-channels';
import type { BridgeTransport } from '../bridge-types';

export function createInstallApi(transport: BridgeTransport) {
  return {
    /** Opens the native folder picker for the Bitwarden install folder (or its bwdata/); returns its handle. */
    pickFolder: () => transport.invoke(INSTALL_INVOKE.installPickFolder, undefined),
    /**
     * A folder the admin typed: a handle that may be read at once; writing to it or running its
     * bitwarden.sh asks the admin in a native dialog first.
     */
    useTypedFolder: (folder: string) => transport.invoke(INSTALL_INVOKE.installUseTypedFolder, { folder }),
    /** Reads the install: installation ID, region, cloud communication, problems. */
    inspect: (installId: string) => transport.invoke(INSTALL_INVOKE.installInspect, { installId }),
  };
}

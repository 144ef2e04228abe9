import { INSTALL_INVOKE } from '../../main/ipc/channels/install-channels';
import type { BridgeTransport } from '../bridge-types';

export function createInstallApi(transport: BridgeTransport) {
  return {
    /** Opens the native folder picker for the Bitwarden install folder (or its bwdata/). */
    pickFolder: () => transport.invoke(INSTALL_INVOKE.installPickFolder, undefined),
    /** Reads the install at `folder`: installation ID, region, cloud communication, problems. */
    inspect: (folder: string) => transport.invoke(INSTALL_INVOKE.installInspect, { folder }),
  };
}

import { APP_INVOKE } from '../../main/ipc/channels/app-channels';
import type { BridgeTransport } from '../bridge-types';

export function createAppApi(transport: BridgeTransport) {
  return {
    /** Name, version, platform, and whether secrets persist in the OS keychain. */
    info: () => transport.invoke(APP_INVOKE.appInfo, undefined),
    /** Opens an `https:` link in the system browser; anything else is refused and logged in main. */
    openExternal: (url: string) => transport.invoke(APP_INVOKE.externalOpen, { url }),
    /** Copies text (an ID, a command) to the system clipboard. */
    copyText: (text: string) => transport.invoke(APP_INVOKE.clipboardCopy, { text }),
    /** Stops a running operation (a command run, a check) started with this id. */
    cancelOperation: (operationId: string) => transport.invoke(APP_INVOKE.operationCancel, { operationId }),
  };
}

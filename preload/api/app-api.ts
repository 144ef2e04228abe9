import { APP_INVOKE } from '../../main/ipc/channels/app-channels';
import type { IpcResult } from '../../main/ipc/result';
import type { FileHandle } from '../../main/ipc/trust/handle-registry';
import type { BridgeTransport, DroppedFiles } from '../bridge-types';

export function createAppApi(transport: BridgeTransport, files: DroppedFiles) {
  return {
    /** Name, version, platform, and whether secrets persist in the OS keychain. */
    info: () => transport.invoke(APP_INVOKE.appInfo, undefined),
    /** Opens a link main built (its id came with a response) in the system browser. */
    openLink: (linkId: string) => transport.invoke(APP_INVOKE.externalOpen, { linkId }),
    /** Copies text (an ID, a command) to the system clipboard. */
    copyText: (text: string) => transport.invoke(APP_INVOKE.clipboardCopy, { text }),
    /** Stops a running operation (a command run, a check) started with this id. */
    cancelOperation: (operationId: string) => transport.invoke(APP_INVOKE.operationCancel, { operationId }),
    /**
     * A license file dropped on the page, as a handle. The preload finds the dropped file on disk
     * itself (`webUtils.getPathForFile`); the page hands over the File, never a path, and a File the
     * page made up has no path and is refused here.
     */
    registerDroppedLicense: async (file: File): Promise<IpcResult<FileHandle>> => {
      const found = await files.pathForFile(file);
      if (!found) return { ok: false, error: { kind: 'unusable-input', code: 'not-a-file', message: `${file.name} is not a file on this computer; drop it from a file manager.` } };
      return transport.invoke(APP_INVOKE.fileRegisterDropped, { path: found, purpose: 'license' });
    },
  };
}

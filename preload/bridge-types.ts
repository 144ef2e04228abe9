import type { EventChannel, InvokeChannel } from '../main/ipc/channels';
import type { EventPayload, RequestOf, ResponseOfChannel } from '../main/ipc/contracts';
import type { IpcResult } from '../main/ipc/result';

/**
 * How the API object reaches main: `ipcRenderer` in the app, Playwright bindings in end-to-end
 * tests. Kept generic here only; the renderer never sees it, it sees the task-shaped methods.
 */
export interface BridgeTransport {
  invoke<C extends InvokeChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOfChannel<C>>>;
  subscribe<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Where a dropped File is on disk: Electron's `webUtils.getPathForFile` in the app ('' for a File the page made). */
export interface DroppedFiles {
  pathForFile(file: File): string | Promise<string>;
}

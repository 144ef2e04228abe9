import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BridgeTransport } from './bridge-types';
import { createSponsorshipApi } from './api/index';

// The only place the renderer side touches ipcRenderer; lint bans it everywhere else.
const transport: BridgeTransport = {
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (event, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
};

// Only the preload turns a dropped File into a path (the page never sees or sends one).
export const sponsorship = createSponsorshipApi(transport, { pathForFile: (file) => webUtils.getPathForFile(file) });
contextBridge.exposeInMainWorld('sponsorship', sponsorship);

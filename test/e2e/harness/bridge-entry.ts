// Runs in the page before the renderer: builds `window.sponsorship` from the SAME factory the preload
// uses, with a transport over Playwright bindings instead of ipcRenderer.
import { createSponsorshipApi } from '../../../preload/api/index';
import type { BridgeTransport } from '../../../preload/bridge-types';

type Listener = (payload: unknown) => void;
const listeners = new Map<string, Set<Listener>>();

declare global {
  interface Window {
    __sponsorshipInvoke(channel: string, request: unknown): Promise<unknown>;
    __sponsorshipEmit(event: string, payload: unknown): void;
    __harnessDroppedFilePath(fileName: string): Promise<string>;
  }
}

window.__sponsorshipEmit = (event, payload) => {
  for (const listener of listeners.get(event) ?? []) listener(payload);
};

const transport: BridgeTransport = {
  invoke: (channel, request) => window.__sponsorshipInvoke(channel, request) as never,
  subscribe: (event, listener) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  },
};

// Playwright's browser has no webUtils: the test says where a dropped file is (like the dialog answers),
// standing in for Electron's webUtils.getPathForFile in the preload.
window.sponsorship = createSponsorshipApi(transport, { pathForFile: (file) => window.__harnessDroppedFilePath(file.name) });

import type { HandlerTable } from '../../../main/ipc/handler-table';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import type { BridgeTransport } from '../../../preload/bridge-types';
import { createSponsorshipApi, type SponsorshipApi } from '../../../preload/api';
import { tableWithOnly } from '../app-services';

export interface FakeBridge {
  /** The real preload API object (`window.sponsorship`), over a transport that calls `handlers` in-process. */
  api: SponsorshipApi;
  /** Every invoke the page made, in order, with the request as sent. */
  calls: Array<{ channel: string; request: unknown }>;
}

/**
 * `window.sponsorship` for component tests: the real preload API and the real dispatcher (so each request
 * the page sends is validated by the contract), with the handlers a test gives (any other channel fails
 * the call). Events the handlers emit reach the page's subscribers, as through ipcRenderer.
 */
export function fakeBridge(handlers: Partial<HandlerTable>): FakeBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const calls: FakeBridge['calls'] = [];
  const dispatcher = createDispatcher(tableWithOnly(handlers));
  const emit = (event: string, payload: unknown) => listeners.get(event)?.forEach((listener) => listener(payload));
  const transport = {
    invoke: (channel: string, request: unknown) => {
      calls.push({ channel, request });
      return dispatcher.dispatch(channel, request, emit);
    },
    subscribe: (event: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => void set.delete(listener);
    },
  } as unknown as BridgeTransport;
  return { api: createSponsorshipApi(transport, { pathForFile: () => '' }), calls };
}

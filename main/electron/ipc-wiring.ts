import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { RENDERER_ORIGIN } from './app-protocol';
import { createDispatcher, INVOKE, type Dispatcher, type EventChannel, type EventPayload, type HandlerTable } from '../ipc';

/**
 * A message is trusted only from the main frame of a window this app created, loaded from our own
 * bundle. Checked here, once, before any handler runs (Electron security checklist #17).
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, appWindows: ReadonlySet<number>, rendererOrigin: string): boolean {
  const window = BrowserWindow.fromWebContents(event.sender);
  if (!window || !appWindows.has(window.id)) return false;
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return isOwnRendererUrl(frame.url, rendererOrigin);
}

/**
 * Whether a frame shows our own renderer: exactly the `app://renderer` origin (or the dev server's
 * origin in an unpackaged run). Anything else, file:// included, is refused.
 */
export function isOwnRendererUrl(url: string, rendererOrigin: string): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) return false;
    if (rendererOrigin === RENDERER_ORIGIN) return parsed.protocol === 'app:' && parsed.host === 'renderer';
    return parsed.origin === rendererOrigin;
  } catch {
    return false;
  }
}

/**
 * Registers every invoke channel. `table` may still be in the making (the keychain probe at start):
 * calls wait for it, after the sender check.
 */
export function wireIpc(
  table: HandlerTable | Promise<HandlerTable>,
  options: { appWindows: ReadonlySet<number>; rendererOrigin: string; log: (line: string) => void },
): () => void {
  const dispatcherReady = Promise.resolve(table).then((ready) => createDispatcher(ready, options.log));
  const channels = Object.values(INVOKE);
  for (const channel of channels) {
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(event, options.appWindows, options.rendererOrigin)) {
        options.log(`[ipc] refused ${channel} from untrusted sender ${event.senderFrame?.url ?? 'unknown'}`);
        return { ok: false, error: { kind: 'invalid-request', code: 'untrusted-sender', message: 'Refused: untrusted sender.' } };
      }
      const sender: WebContents = event.sender;
      const emit = <E extends EventChannel>(eventChannel: E, eventPayload: EventPayload<E>) => {
        if (!sender.isDestroyed()) sender.send(eventChannel, eventPayload);
      };
      let dispatcher: Dispatcher;
      try {
        dispatcher = await dispatcherReady;
      } catch (error) {
        // E.g. an unreadable settings file: every call says why instead of failing silently.
        const message = error instanceof Error ? error.message : String(error);
        options.log(`[ipc] services failed to start: ${message}`);
        return { ok: false, error: { kind: 'internal', code: (error as { code?: string }).code ?? 'startup-failed', message } };
      }
      return dispatcher.dispatch(channel, payload, emit);
    });
  }
  return () => {
    void dispatcherReady.then((dispatcher) => dispatcher.cancelAll());
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

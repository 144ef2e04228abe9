import { EVENTS, INVOKE } from '../main/ipc/channels';
import type { OperationLogLine, OperationProgress } from '../main/ipc/payloads';
import type { BridgeTransport } from './bridge-types';

/**
 * Builds `window.sponsorship`: a small object of task-shaped methods. Each resolves to an
 * `IpcResult` envelope (`ok` + value, or a typed error) and never rejects for a handled failure.
 */
export function createSponsorshipApi(transport: BridgeTransport) {
  return {
    app: {
      /** Name, version, platform, and whether secrets persist in the OS keychain. */
      info: () => transport.invoke(INVOKE.appInfo, undefined),
      /** Opens an `https:` link in the system browser; anything else is refused and logged in main. */
      openExternal: (url: string) => transport.invoke(INVOKE.externalOpen, { url }),
      /** Copies text (an ID, a command) to the system clipboard. */
      copyText: (text: string) => transport.invoke(INVOKE.clipboardCopy, { text }),
      /** Stops a running operation (a command run, a check) started with this id. */
      cancelOperation: (operationId: string) => transport.invoke(INVOKE.operationCancel, { operationId }),
      /**
       * Streams log lines of running operations. Returns an unsubscribe function: call it from the
       * React effect's cleanup, or listeners pile up with every re-render.
       */
      onOperationLog: (listener: (line: OperationLogLine) => void) => transport.subscribe(EVENTS.operationLog, listener),
      /** Streams progress of running operations (e.g. each finished firewall-check stage). */
      onOperationProgress: (listener: (progress: OperationProgress) => void) =>
        transport.subscribe(EVENTS.operationProgress, listener),
    },
    install: {
      /** Opens the native folder picker for the Bitwarden install folder (or its bwdata/). */
      pickFolder: () => transport.invoke(INVOKE.installPickFolder, undefined),
      /** Reads the install at `folder`: installation ID, region, cloud communication, problems. */
      inspect: (folder: string) => transport.invoke(INVOKE.installInspect, { folder }),
    },
  };
}

export type SponsorshipApi = ReturnType<typeof createSponsorshipApi>;

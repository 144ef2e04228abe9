import { SERVER_EVENTS, SERVER_INVOKE } from '../../main/ipc/channels/server-channels';
import type { RequestOf } from '../../main/ipc/contracts';
import type { ServerSecretPrompt } from '../../main/ipc/contracts/server-contract';
import type { BridgeTransport } from '../bridge-types';

type Request<K extends keyof typeof SERVER_INVOKE> = RequestOf<(typeof SERVER_INVOKE)[K]>;

/** Where the Bitwarden server is: this computer, or a server over SSH (the connection lives in main). */
export function createServerApi(transport: BridgeTransport) {
  return {
    /** Saved servers and ~/.ssh/config aliases (to prefill host, user, port, ProxyJump) and where the app works now. */
    list: () => transport.invoke(SERVER_INVOKE.serverList, undefined),
    /**
     * Connects over SSH. An unknown host key is asked in a native dialog; a passphrase or password is
     * asked through `onSecretPrompt` while the call waits. `identityFileId` comes from `pickIdentity`.
     */
    connect: (request: Request<'serverConnect'>) => transport.invoke(SERVER_INVOKE.serverConnect, request),
    /** This computer's file dialog for the private key to log in with; returns its handle and name. */
    pickIdentity: () => transport.invoke(SERVER_INVOKE.serverPickIdentity, undefined),
    /** Questions main asks while a connection or the sudo check waits. Returns the unsubscribe function. */
    onSecretPrompt: (listener: (prompt: ServerSecretPrompt) => void) => transport.subscribe(SERVER_EVENTS.serverSecretPrompt, listener),
    /** Answers one question (`secret: null` cancels it); kept in the OS keychain only with `keepInKeychain`. */
    answerPrompt: (request: Request<'serverAnswerPrompt'>) => transport.invoke(SERVER_INVOKE.serverAnswerPrompt, request),
    /** Forgets a saved server and clears its secrets from the OS keychain. */
    remove: (name: string) => transport.invoke(SERVER_INVOKE.serverRemove, { name }),
    /** The install folder on the connected server; a sudo password, when needed, is asked through `onSecretPrompt`. */
    useInstall: (folder: string) => transport.invoke(SERVER_INVOKE.serverUseInstall, { folder }),
    status: () => transport.invoke(SERVER_INVOKE.serverStatus, undefined),
    /** Disconnects; the install steps work on this computer again. */
    useThisComputer: () => transport.invoke(SERVER_INVOKE.serverUseThisComputer, undefined),
  };
}

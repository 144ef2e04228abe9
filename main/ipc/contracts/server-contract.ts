import { z } from 'zod';
import { SSH_SERVER_NAME_PATTERN } from '../../core/settings/settings-schema';
import { SERVER_EVENTS, SERVER_INVOKE } from '../channels/server-channels';
import type { FileHandle, InstallHandle } from '../trust/handle-registry';
import { fileIdSchema, responds } from './contract-helpers';

/** A server the app can offer: saved in settings, or a Host alias of ~/.ssh/config (what fills the form). */
export interface ServerChoice {
  source: 'saved' | 'ssh-config';
  /** The saved name, or the alias. */
  name: string;
  host: string;
  user: string | null;
  port: number | null;
  installFolder: string | null;
  /** ProxyJump hops (saved, or the alias's in ~/.ssh/config), e.g. `admin@bastion:22,inner`. */
  proxyJump: string | null;
  /** The name (no folder) of the key file saved with the server, or the alias's first IdentityFile. */
  identityName: string | null;
}

/**
 * A secret main needs while a connection or the sudo check waits: the page shows a password field for
 * it and answers through `serverAnswerPrompt`. What is typed goes to this server only, in memory.
 */
export interface ServerSecretPrompt {
  promptId: string;
  kind: 'passphrase' | 'password' | 'sudo';
  /** For whom, in words: the key's file name, `user@host:port`, or `user on host, to act as owner`. */
  subject: string;
  /** The previous answer was not accepted. */
  retry: boolean;
  /** There is an OS keychain to keep it in (else the page does not offer to). */
  canKeep: boolean;
}

/** Where the install steps work now, in words the screen shows. */
export type ServerStatus =
  | { kind: 'this-computer' }
  | {
      kind: 'ssh';
      /** `user@host` or `user@host:port`. */
      label: string;
      serverName: string | null;
      /** The install's owner when the login acts as that user through sudo. */
      actingAs: string | null;
      hostKeyConfirmed: boolean;
    };

export interface ServerConnectResult {
  status: ServerStatus;
  /** Install folders found at the usual places on the server (/opt/bitwarden, /home/bitwarden, the login's home). */
  installLocations: string[];
  /** Why a secret the admin asked to keep was not kept (no keychain). */
  keepNote: string | null;
}

const secret = z.string().min(1).max(1024);
/** One ProxyJump hop as `ssh -J` takes it: `[user@]host[:port]` (IPv6 in brackets) or an alias. */
const JUMP_HOP = /^(?:[A-Za-z0-9_.][A-Za-z0-9_.$-]*@)?(?:[A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.%A-Za-z_-]+\])(?::\d{1,5})?$/;
/** ProxyJump hops separated by commas (or `none` for a direct connection despite ~/.ssh/config). */
export const proxyJumpSchema = z
  .string()
  .trim()
  .min(1)
  .max(1024)
  .refine((value) => value.toLowerCase() === 'none' || value.split(',').every((hop) => JUMP_HOP.test(hop.trim())), 'ProxyJump hops are [user@]host[:port], separated by commas');
/** A folder on the server: POSIX, absolute, no NUL. */
const serverFolderSchema = z.string().min(1).max(4096).startsWith('/', 'must be an absolute path on the server').refine((value) => !value.includes('\0'), 'must not contain NUL');

export const serverContract = {
  [SERVER_INVOKE.serverList]: { request: z.undefined(), response: responds<{ choices: ServerChoice[]; status: ServerStatus; notes: string[] }>() },
  /**
   * Connects to a server (the typed host, or a saved one by name). An unknown host key is asked in a
   * native dialog in main; a passphrase or password is asked while the connection waits
   * (`serverSecretPrompt`), goes only to this server, in memory, and into the OS keychain only when
   * the admin ticks it. `saveAs` remembers the server in settings (never a secret); connecting to a
   * saved one keeps the ProxyJump and key file that worked with it.
   */
  [SERVER_INVOKE.serverConnect]: {
    request: z.strictObject({
      host: z.string().trim().min(1).max(255).regex(/^[^\s@]+$/, 'a host name, address or ~/.ssh/config alias (no spaces, no @)'),
      user: z.string().trim().min(1).max(64).regex(/^[^\s@:]+$/, 'a user name').optional(),
      port: z.number().int().min(1).max(65535).optional(),
      serverName: z.string().regex(SSH_SERVER_NAME_PATTERN).optional(),
      saveAs: z.string().regex(SSH_SERVER_NAME_PATTERN).optional(),
      proxyJump: proxyJumpSchema.optional(),
      /** A key file chosen with `serverPickIdentity` (the page never names a path). */
      identityFileId: fileIdSchema.optional(),
    }),
    response: responds<ServerConnectResult>(),
  },
  /** This computer's file dialog for a private key; its handle for `serverConnect`. */
  [SERVER_INVOKE.serverPickIdentity]: { request: z.undefined(), response: responds<{ file: FileHandle | null }>() },
  /** The answer to one `serverSecretPrompt` (`secret: null` is Cancel); an id main did not ask is refused. */
  [SERVER_INVOKE.serverAnswerPrompt]: {
    request: z.strictObject({ promptId: z.uuid(), secret: secret.nullable(), keepInKeychain: z.boolean().default(false) }),
    response: responds<{ answered: true }>(),
  },
  /** Forgets a saved server and clears what was kept for it in the OS keychain (passphrase, password, sudo password). */
  [SERVER_INVOKE.serverRemove]: {
    request: z.strictObject({ name: z.string().regex(SSH_SERVER_NAME_PATTERN) }),
    response: responds<{ removed: string; keychainEntriesCleared: number; choices: ServerChoice[] }>(),
  },
  /** The install folder on the connected server: its handle (writes and runs allowed when the host key was confirmed in this session). */
  [SERVER_INVOKE.serverUseInstall]: {
    request: z.strictObject({ folder: serverFolderSchema }),
    response: responds<{ install: InstallHandle; status: ServerStatus }>(),
  },
  [SERVER_INVOKE.serverStatus]: { request: z.undefined(), response: responds<ServerStatus>() },
  /** Disconnects: the install steps work on this computer again. */
  [SERVER_INVOKE.serverUseThisComputer]: { request: z.undefined(), response: responds<ServerStatus>() },
};

export interface ServerEventContract {
  [SERVER_EVENTS.serverSecretPrompt]: ServerSecretPrompt;
}

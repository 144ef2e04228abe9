import { z } from 'zod';
import { SSH_SERVER_NAME_PATTERN } from '../../core/settings/settings-schema';
import { SERVER_INVOKE } from '../channels/server-channels';
import type { InstallHandle } from '../trust/handle-registry';
import { responds } from './contract-helpers';

/** A server the app can offer: saved in settings, or a Host alias of ~/.ssh/config (what fills the form). */
export interface ServerChoice {
  source: 'saved' | 'ssh-config';
  /** The saved name, or the alias. */
  name: string;
  host: string;
  user: string | null;
  port: number | null;
  installFolder: string | null;
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
/** A folder on the server: POSIX, absolute, no NUL. */
const serverFolderSchema = z.string().min(1).max(4096).startsWith('/', 'must be an absolute path on the server').refine((value) => !value.includes('\0'), 'must not contain NUL');

export const serverContract = {
  [SERVER_INVOKE.serverList]: { request: z.undefined(), response: responds<{ choices: ServerChoice[]; status: ServerStatus; notes: string[] }>() },
  /**
   * Connects to a server (the typed host, or a saved one by name). An unknown host key is asked in a
   * native dialog in main; the passwords go only to this server, in memory, and into the OS keychain
   * only when `keepInKeychain` is ticked. `saveAs` remembers the server in settings (never a secret).
   */
  [SERVER_INVOKE.serverConnect]: {
    request: z.strictObject({
      host: z.string().trim().min(1).max(255).regex(/^[^\s@]+$/, 'a host name, address or ~/.ssh/config alias (no spaces, no @)'),
      user: z.string().trim().min(1).max(64).regex(/^[^\s@:]+$/, 'a user name').optional(),
      port: z.number().int().min(1).max(65535).optional(),
      serverName: z.string().regex(SSH_SERVER_NAME_PATTERN).optional(),
      saveAs: z.string().regex(SSH_SERVER_NAME_PATTERN).optional(),
      password: secret.optional(),
      keepInKeychain: z.boolean().default(false),
    }),
    response: responds<ServerConnectResult>(),
  },
  /** The install folder on the connected server: its handle (writes and runs allowed when the host key was confirmed in this session). */
  [SERVER_INVOKE.serverUseInstall]: {
    request: z.strictObject({ folder: serverFolderSchema, sudoPassword: secret.optional() }),
    response: responds<{ install: InstallHandle; status: ServerStatus }>(),
  },
  [SERVER_INVOKE.serverStatus]: { request: z.undefined(), response: responds<ServerStatus>() },
  /** Disconnects: the install steps work on this computer again. */
  [SERVER_INVOKE.serverUseThisComputer]: { request: z.undefined(), response: responds<ServerStatus>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServerEventContract {}

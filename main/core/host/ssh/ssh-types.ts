import type { Duplex } from 'node:stream';
import type { Host, HostReadAhead } from '../host';

/**
 * The contract between SSH target resolution (ssh-config, known_hosts, the CLI and app prompts) and
 * the SSH connection itself (`openSshHost`). Resolution turns `[user@]host[:port]` or an alias into an
 * {@link SshConnectSpec}; the connection never reads ~/.ssh itself.
 */
export interface SshEndpoint {
  host: string;
  port: number;
  user: string;
}

export interface SshConnectSpec {
  /** For messages: `user@host` or `user@host:port`. */
  label: string;
  /** The server itself (after HostName/User/Port from ~/.ssh/config). */
  target: SshEndpoint;
  /** ProxyJump hops, first hop first; empty for a direct connection. */
  jumps: readonly SshEndpoint[];
  /** Private key files on this computer, tried in order after the agent. */
  identityFiles: readonly string[];
  connectTimeoutMs: number;
  /** ServerAliveInterval; 0 turns keep-alive off. */
  keepAliveIntervalMs: number;
  /** SSH_AUTH_SOCK (or the Windows agent pipe / 'pageant'); undefined: no agent. */
  agentSocket?: string;
}

/** A host key the server (or a jump hop) offered, to be checked against known_hosts. */
export interface HostKeyOffer {
  endpoint: SshEndpoint;
  /** e.g. `ssh-ed25519`. */
  keyType: string;
  /** The raw public key blob (SSH wire format). */
  key: Uint8Array;
  /** `SHA256:` + unpadded base64 of the blob's SHA-256, as OpenSSH prints it. */
  fingerprint: string;
}

/** Resolves to accept; rejects with an {@link SshError} (`host-key-unknown`, `host-key-changed`, `host-key-revoked`) to refuse. */
export type HostKeyVerifier = (offer: HostKeyOffer) => Promise<void>;

/** Asked only when needed, never stored by the connection; `null` means the admin declined. */
export interface SshSecretPrompts {
  passphrase(keyFile: string): Promise<string | null>;
  password(endpoint: SshEndpoint): Promise<string | null>;
  sudoPassword(endpoint: SshEndpoint, asUser: string): Promise<string | null>;
}

export type SshErrorCode =
  | 'bad-host'
  | 'unsupported-ssh-config'
  | 'identity-unreadable'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'host-unreachable'
  /** The server and this app share no cipher, key exchange or host key algorithm. */
  | 'ssh-handshake-failed'
  | 'ssh-auth-failed'
  | 'proxy-jump-failed'
  | 'sudo-refused'
  | 'remote-tool-missing'
  | 'connection-lost'
  | 'disk-full';

export interface SshErrorDetails {
  fingerprint?: string;
  keyType?: string;
  /** Which ProxyJump hop failed, `user@host:port`. */
  hop?: string;
  /** Authentication methods tried, in order (e.g. `agent`, `publickey ~/.ssh/id_ed25519`, `password`). */
  methodsTried?: string[];
  /** The missing tool (`bash`, `sudo`, `docker`, …). */
  tool?: string;
  /** The sudoers line that would allow the operation. */
  sudoersLine?: string;
  /** The unsupported ssh_config keyword or key kind, by name. */
  unsupported?: string;
  /** A recorded run the link was lost during: attach to it by this id. */
  runId?: string;
  /** Where that run's output is on the server. */
  runLog?: string;
}

export class SshError extends Error {
  constructor(
    readonly code: SshErrorCode,
    message: string,
    readonly details: SshErrorDetails = {},
  ) {
    super(message);
    this.name = 'SshError';
  }
}

export function isSshError(error: unknown, code?: SshErrorCode): error is SshError {
  return error instanceof SshError && (code === undefined || error.code === code);
}

/** A TCP connection to the first hop opened early (`preconnect`), for the first dial to take. */
export interface EarlySocketSource {
  take(endpoint: SshEndpoint): Duplex | null;
}

export interface OpenSshHostOptions {
  spec: SshConnectSpec;
  verifyHostKey: HostKeyVerifier;
  prompts: SshSecretPrompts;
  /** Taken by the first dial only; a reconnect opens its own. */
  earlySocket?: EarlySocketSource;
}

/**
 * A short command run attached to its channel (not detached like `run`), for quick probes on the
 * server such as `getent ahosts NAME`, `curl` or `docker exec …`. Never put secrets in `args`.
 */
export interface SshExecRequest {
  command: string;
  args: readonly string[];
  /** Written to stdin, which is then closed (closed at once when absent). */
  stdin?: Uint8Array;
  /** Ends the command early: its channel is closed and the server's `timeout` kills it. */
  signal?: AbortSignal;
  /** The server's `timeout -k 1` bounds the command to this many milliseconds. */
  timeoutMs?: number;
  /** Output past this many bytes per stream is dropped (default 1 MiB). */
  maxOutputBytes?: number;
}

export interface SshExecResult {
  /** `null` when it ended by a signal, was cancelled, or the link dropped. */
  exitCode: number | null;
  signal: string | null;
  stdout: Uint8Array;
  stderr: Uint8Array;
  cancelled: boolean;
  /** The server's `timeout` ended it (exit 124). */
  timedOut: boolean;
  /** The program does not exist on the server (exit 127). */
  notFound: boolean;
}

/** A {@link Host} on a server over one reused SSH connection. */
export interface SshHost extends Host {
  readonly spec: SshConnectSpec;
  /** Runs a short command attached (as this host's user, through sudo when acting as another user). */
  exec(request: SshExecRequest): Promise<SshExecResult>;
  /**
   * The same server, with reads, writes and runs done as `user` through `sudo -n -u user` (or with
   * the sudo password asked once). Used when bwdata belongs to another user than the SSH login.
   */
  asUser(user: string): Promise<SshHost>;
  /** Always there over SSH: one exec run instead of a round trip per read. */
  readAhead(request: HostReadAhead): Promise<Host>;
  /** Closes the connection (idempotent). */
  close(): Promise<void>;
}

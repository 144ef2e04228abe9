/** Why a call failed, so the renderer can show the right thing without parsing messages. */
export type IpcErrorKind = 'problem' | 'unusable-input' | 'invalid-request' | 'cancelled' | 'internal';

/** What main adds to an error for the screen; each field is optional, and codes may add others. */
export interface IpcErrorDetails {
  /** A server's own words, shown verbatim, when a server refused. */
  serverMessage?: string;
  /** What the server's words usually mean, most specific first. */
  explanations?: string[];
  /** A command for the admin to run in a terminal (e.g. as the owner of bwdata). */
  command?: string;
  /** The wizard step whose fix this is (a "Go to" link). */
  step?: string;
  [key: string]: unknown;
}

export interface IpcError {
  kind: IpcErrorKind;
  /** Stable code from the issues' contracts (e.g. `not-an-install`), or `invalid-request`/`internal`. */
  code: string;
  message: string;
  details?: IpcErrorDetails;
}

/** Every invoke resolves to this envelope; nothing thrown in main ever crosses IPC as an exception. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

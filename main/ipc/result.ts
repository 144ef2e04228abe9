/** Why a call failed, so the renderer can show the right thing without parsing messages. */
export type IpcErrorKind = 'problem' | 'unusable-input' | 'invalid-request' | 'cancelled' | 'internal';

export interface IpcError {
  kind: IpcErrorKind;
  /** Stable code from the issues' contracts (e.g. `not-an-install`), or `invalid-request`/`internal`. */
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Every invoke resolves to this envelope; nothing thrown in main ever crosses IPC as an exception. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

import type { IpcError, IpcResult } from '../../../main/ipc';

/**
 * One shape for anything the screen asks main for: nothing asked yet, waiting, an answer, or a failure.
 * `input` is what was asked (a folder, an installation ID…), kept so a screen can tell a stale answer
 * from the current one and retry the same request.
 */
export type AsyncState<Value, Input = undefined> =
  | { kind: 'idle' }
  | { kind: 'loading'; input: Input }
  | { kind: 'ready'; input: Input; value: Value }
  | { kind: 'failed'; input: Input; error: IpcError };

export const idle = { kind: 'idle' } as const;

export function loading<Input = undefined>(input?: Input): { kind: 'loading'; input: Input } {
  return { kind: 'loading', input: input as Input };
}

/** The state an IPC answer leads to. */
export function settled<Value, Input = undefined>(result: IpcResult<Value>, input?: Input): AsyncState<Value, Input> {
  return result.ok
    ? { kind: 'ready', input: input as Input, value: result.value }
    : { kind: 'failed', input: input as Input, error: result.error };
}

/** The value when ready, otherwise undefined. */
export function readyValue<Value, Input>(state: AsyncState<Value, Input>): Value | undefined {
  return state.kind === 'ready' ? state.value : undefined;
}

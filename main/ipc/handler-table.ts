import type { EventChannel, InvokeChannel } from './channels';
import type { EventPayload, ParsedRequestOf, ResponseOfChannel } from './contracts';

/** What every handler gets besides its request: a way to stream events and a cancel signal. */
export interface HandlerContext {
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void;
  /** Aborted when the window goes away or the renderer cancels this call's operation. */
  signal: AbortSignal;
  /** Registers an abort controller under an operation id, so `operationCancel` can stop it. */
  trackOperation(operationId: string): AbortSignal;
  cancelOperation(operationId: string): boolean;
}

/** One plain function per channel; a missing channel is a compile error. */
export type HandlerTable = {
  [C in InvokeChannel]: (request: ParsedRequestOf<C>, context: HandlerContext) => Promise<ResponseOfChannel<C>>;
};

import { CoreError } from '../core/shared';
import { appFixMessage } from './app-fix-wording';
import type { EventChannel, InvokeChannel } from './channels';
import { invokeContract, type EventPayload } from './contracts';
import type { HandlerContext, HandlerTable } from './handler-table';
import type { IpcResult } from './result';

export type EventSink = <E extends EventChannel>(event: E, payload: EventPayload<E>) => void;

export interface Dispatcher {
  /** Validates `payload` for `channel`, runs the handler, and always resolves to an envelope. */
  dispatch(channel: string, payload: unknown, emit: EventSink): Promise<IpcResult<unknown>>;
  /** Aborts every running operation (window closed, app quitting). */
  cancelAll(): void;
}

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.prototype.hasOwnProperty.call(invokeContract, channel);
}

/** Shared by the Electron wiring and the Playwright harness, so both run exactly the same checks. */
export function createDispatcher(table: HandlerTable, log: (line: string) => void = () => {}): Dispatcher {
  const operations = new Map<string, AbortController>();
  const lifetime = new AbortController();

  const contextFor = (emit: EventSink): HandlerContext => ({
    emit,
    signal: lifetime.signal,
    trackOperation(operationId) {
      operations.get(operationId)?.abort();
      const controller = new AbortController();
      lifetime.signal.addEventListener('abort', () => controller.abort(), { once: true });
      operations.set(operationId, controller);
      return controller.signal;
    },
    cancelOperation(operationId) {
      const controller = operations.get(operationId);
      if (!controller) return false;
      controller.abort();
      operations.delete(operationId);
      return true;
    },
  });

  return {
    async dispatch(channel, payload, emit) {
      if (!isInvokeChannel(channel)) {
        log(`[ipc] refused unknown channel ${JSON.stringify(channel).slice(0, 80)}`);
        return { ok: false, error: { kind: 'invalid-request', code: 'unknown-channel', message: `Unknown channel ${channel}` } };
      }
      const parsed = invokeContract[channel].request.safeParse(payload);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`).join('; ');
        log(`[ipc] invalid payload on ${channel}: ${issues}`);
        return { ok: false, error: { kind: 'invalid-request', code: 'invalid-request', message: `Invalid request for ${channel}: ${issues}` } };
      }
      try {
        const handler = table[channel] as (request: unknown, context: HandlerContext) => Promise<unknown>;
        return { ok: true, value: await handler(parsed.data, contextFor(emit)) };
      } catch (error) {
        if (error instanceof CoreError) {
          return {
            ok: false,
            error: { kind: error.outcome, code: error.code, message: appFixMessage(error), details: error.details },
          };
        }
        if (error instanceof Error && error.name === 'AbortError') {
          return { ok: false, error: { kind: 'cancelled', code: 'cancelled', message: 'Cancelled.' } };
        }
        log(`[ipc] handler for ${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return {
          ok: false,
          error: { kind: 'internal', code: 'internal', message: `Something went wrong: ${error instanceof Error ? error.message : String(error)}` },
        };
      }
    },
    cancelAll() {
      lifetime.abort();
      operations.clear();
    },
  };
}

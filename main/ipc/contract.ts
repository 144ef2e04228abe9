import { z } from 'zod';
import { EVENTS, INVOKE, type EventChannel, type InvokeChannel } from './channels';
import type { AppInfo, InstallInspection, OperationLogLine, OperationProgress } from './payloads';

/** Carries a response type through the contract without a runtime value. */
interface ResponseOf<T> {
  readonly __response?: T;
}
const responds = <T>(): ResponseOf<T> => ({});

interface ChannelContract<RequestSchema extends z.ZodType, Response> {
  request: RequestSchema;
  response: ResponseOf<Response>;
}

const operationId = z.string().min(1).max(100);
const absolutePath = z.string().min(1).max(4096);

/**
 * The one contract of invoke channels: request schema (validated at the boundary) and response type.
 * `satisfies` makes a channel without a contract — or a contract without a channel — a compile error.
 */
export const invokeContract = {
  [INVOKE.appInfo]: { request: z.undefined(), response: responds<AppInfo>() },
  [INVOKE.operationCancel]: { request: z.object({ operationId }), response: responds<{ cancelled: boolean }>() },
  [INVOKE.externalOpen]: { request: z.object({ url: z.string().max(2048) }), response: responds<{ opened: boolean }>() },
  [INVOKE.clipboardCopy]: { request: z.object({ text: z.string().max(100_000) }), response: responds<{ copied: boolean }>() },
  [INVOKE.installPickFolder]: { request: z.undefined(), response: responds<{ folder: string | null }>() },
  [INVOKE.installInspect]: { request: z.object({ folder: absolutePath }), response: responds<InstallInspection>() },
} satisfies { [C in InvokeChannel]: ChannelContract<z.ZodType, unknown> };

/** Payload types of main → renderer events. */
export interface EventContract {
  [EVENTS.operationLog]: OperationLogLine;
  [EVENTS.operationProgress]: OperationProgress;
}
// Compile-time check that every event channel has a payload type and no extra ones exist.
type AssertEventCoverage<T extends { [E in EventChannel]: unknown }> = Exclude<keyof T, EventChannel> extends never ? true : never;
export const eventCoverage: AssertEventCoverage<EventContract> = true;

export type InvokeContract = typeof invokeContract;
export type RequestOf<C extends InvokeChannel> = z.input<InvokeContract[C]['request']>;
export type ParsedRequestOf<C extends InvokeChannel> = z.output<InvokeContract[C]['request']>;
export type ResponseOfChannel<C extends InvokeChannel> = NonNullable<InvokeContract[C]['response']['__response']>;
export type EventPayload<E extends EventChannel> = EventContract[E];

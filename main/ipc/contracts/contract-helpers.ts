import { z } from 'zod';

/** Carries a response type through the contract without a runtime value. */
export interface ResponseOf<T> {
  readonly __response?: T;
}
export const responds = <T>(): ResponseOf<T> => ({});

export interface ChannelContract<RequestSchema extends z.ZodType, Response> {
  request: RequestSchema;
  response: ResponseOf<Response>;
}

export const operationIdSchema = z.string().min(1).max(100);
export const absolutePathSchema = z.string().min(1).max(4096);

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

/** An opaque handle main issued this session for a file the admin chose (dialog, drop, download). */
export const fileIdSchema = z.uuid();
/** An opaque handle main issued this session for an install folder. */
export const installIdSchema = z.uuid();
/**
 * A path main will open: absolute (POSIX `/…`, Windows `C:\…` or `\\server\share`) and without NUL,
 * so a relative path cannot be resolved against main's working directory by accident.
 */
export const absolutePathSchema = z
  .string()
  .min(1)
  .max(4096)
  .refine((value) => !value.includes('\0'), 'must not contain NUL')
  .refine((value) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), 'must be an absolute path');

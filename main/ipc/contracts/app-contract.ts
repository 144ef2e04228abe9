import { z } from 'zod';
import { APP_INVOKE } from '../channels/app-channels';
import type { AppInfo } from '../payloads';
import { operationIdSchema, responds } from './contract-helpers';

export const appContract = {
  [APP_INVOKE.appInfo]: { request: z.undefined(), response: responds<AppInfo>() },
  [APP_INVOKE.operationCancel]: { request: z.object({ operationId: operationIdSchema }), response: responds<{ cancelled: boolean }>() },
  [APP_INVOKE.externalOpen]: { request: z.object({ url: z.string().max(2048) }), response: responds<{ opened: boolean }>() },
  [APP_INVOKE.clipboardCopy]: { request: z.object({ text: z.string().max(100_000) }), response: responds<{ copied: boolean }>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEventContract {}

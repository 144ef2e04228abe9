import { z } from 'zod';
import { APP_INVOKE } from '../channels/app-channels';
import type { AppInfo } from '../payloads';
import type { FileHandle } from '../trust/handle-registry';
import { absolutePathSchema, operationIdSchema, responds } from './contract-helpers';

export const appContract = {
  [APP_INVOKE.appInfo]: { request: z.undefined(), response: responds<AppInfo>() },
  [APP_INVOKE.operationCancel]: { request: z.object({ operationId: operationIdSchema }), response: responds<{ cancelled: boolean }>() },
  /** A link main built and sent with an id (web vaults, the install's vault and portal, the docs); never a URL. */
  [APP_INVOKE.externalOpen]: { request: z.strictObject({ linkId: z.string().min(1).max(100) }), response: responds<{ opened: boolean }>() },
  /**
   * A dropped file, as the preload resolved it with `webUtils.getPathForFile` (the page cannot name a
   * path: its API takes the dropped File itself). Only licenses are dropped.
   */
  [APP_INVOKE.fileRegisterDropped]: {
    request: z.strictObject({ path: absolutePathSchema, purpose: z.literal('license') }),
    response: responds<FileHandle>(),
  },
  [APP_INVOKE.clipboardCopy]: { request: z.object({ text: z.string().max(100_000) }), response: responds<{ copied: boolean }>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AppEventContract {}

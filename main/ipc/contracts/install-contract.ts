import { z } from 'zod';
import { INSTALL_INVOKE } from '../channels/install-channels';
import type { InstallInspection } from '../payloads';
import type { InstallHandle } from '../trust/handle-registry';
import { absolutePathSchema, installIdSchema, responds } from './contract-helpers';

export const installContract = {
  /** The folder dialog: a confirmed install handle (writes and runs allowed). */
  [INSTALL_INVOKE.installPickFolder]: { request: z.undefined(), response: responds<{ install: InstallHandle | null }>() },
  /** A folder the admin typed: a candidate, read-only until the admin confirms it in a native dialog. */
  [INSTALL_INVOKE.installUseTypedFolder]: { request: z.strictObject({ folder: absolutePathSchema }), response: responds<InstallHandle>() },
  [INSTALL_INVOKE.installInspect]: { request: z.strictObject({ installId: installIdSchema }), response: responds<InstallInspection>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InstallEventContract {}

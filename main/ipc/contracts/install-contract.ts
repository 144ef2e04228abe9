import { z } from 'zod';
import { INSTALL_INVOKE } from '../channels/install-channels';
import type { InstallInspection } from '../payloads';
import { absolutePathSchema, responds } from './contract-helpers';

export const installContract = {
  [INSTALL_INVOKE.installPickFolder]: { request: z.undefined(), response: responds<{ folder: string | null }>() },
  [INSTALL_INVOKE.installInspect]: { request: z.object({ folder: absolutePathSchema }), response: responds<InstallInspection>() },
};

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InstallEventContract {}

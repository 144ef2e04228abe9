import { stat } from 'node:fs/promises';
import { CoreError } from '../../core/shared';
import { INVOKE } from '../channels';
import { LICENSE_FILE_READ_MAX_BYTES } from '../../core/license';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { createTrust, type Trust } from '../trust';
import type { ValueOf } from '../channels';
import type { APP_INVOKE } from '../channels/app-channels';

type AppChannels = ValueOf<typeof APP_INVOKE>;

export function appHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, AppChannels> {
  return {
    [INVOKE.appInfo]: () => services.appInfo(),
    [INVOKE.operationCancel]: async ({ operationId }, context) => ({ cancelled: context.cancelOperation(operationId) }),
    [INVOKE.externalOpen]: async ({ linkId }) => {
      const url = trust.links.url(linkId);
      if (!url) {
        services.log(`[links] refused an unknown link id ${JSON.stringify(linkId.slice(0, 60))}`);
        return { opened: false };
      }
      return { opened: await services.openExternal(url) };
    },
    [INVOKE.clipboardCopy]: async ({ text }) => {
      services.clipboard.writeText(text);
      return { copied: true };
    },
    [INVOKE.fileRegisterDropped]: async ({ path: filePath, purpose }) => {
      // A dropped file is on this machine (the admin's desktop), not necessarily on the Bitwarden host.
      const found = await stat(filePath).catch(() => null);
      if (!found?.isFile()) throw new CoreError('not-a-file', 'The dropped item is not a regular file.', 'unusable-input');
      // Only a license is ever dropped: a JSON file of license size. Anything else is not taken.
      if (!/\.json$/i.test(filePath) || found.size > LICENSE_FILE_READ_MAX_BYTES) {
        throw new CoreError('not-a-license-file', 'Only a license file (.json, a few KB) can be dropped here.', 'unusable-input');
      }
      services.log(`[files] dropped ${purpose} file registered`);
      return trust.handles.issueFile(filePath, purpose, 'drop');
    },
  };
}

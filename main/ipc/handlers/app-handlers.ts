import { INVOKE } from '../channels';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';

type AppChannels = typeof INVOKE.appInfo | typeof INVOKE.operationCancel | typeof INVOKE.externalOpen | typeof INVOKE.clipboardCopy;

export function appHandlers(services: AppServices): Pick<HandlerTable, AppChannels> {
  return {
    [INVOKE.appInfo]: () => services.appInfo(),
    [INVOKE.operationCancel]: async ({ operationId }, context) => ({ cancelled: context.cancelOperation(operationId) }),
    [INVOKE.externalOpen]: async ({ url }) => ({ opened: await services.openExternal(url) }),
    [INVOKE.clipboardCopy]: async ({ text }) => {
      services.clipboard.writeText(text);
      return { copied: true };
    },
  };
}

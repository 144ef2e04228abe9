import { INVOKE } from '../channels';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { readInstallStatus } from '../../core/install';

type InstallChannels = typeof INVOKE.installPickFolder | typeof INVOKE.installInspect;

export function installHandlers(services: AppServices): Pick<HandlerTable, InstallChannels> {
  return {
    [INVOKE.installPickFolder]: async () => ({
      folder: await services.dialogs.pickFolder({ title: 'Choose the Bitwarden install folder (the one with bitwarden.sh and bwdata)' }),
    }),
    [INVOKE.installInspect]: async ({ folder }) => readInstallStatus(services.host, folder),
  };
}

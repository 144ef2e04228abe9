import { readInstallStatus } from '../../core/install';
import { CoreError } from '../../core/shared';
import { INVOKE } from '../channels';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { createTrust, type Trust } from '../trust';
import type { ValueOf } from '../channels';
import type { INSTALL_INVOKE } from '../channels/install-channels';

type InstallChannels = ValueOf<typeof INSTALL_INVOKE>;

export function installHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, InstallChannels> {
  // This computer's folders only: while the app works on a server, its folder is chosen there (serverUseInstall).
  const requireThisComputer = () => {
    const server = trust.hosts.current();
    if (server) throw new CoreError('working-on-server', `The app works on ${server.label} now: give the install folder on the server, or choose "This computer" first.`, 'unusable-input');
  };
  return {
    [INVOKE.installPickFolder]: async () => {
      requireThisComputer();
      const folder = await services.dialogs.pickFolder({ title: 'Choose the Bitwarden install folder (the one with bitwarden.sh and bwdata)' });
      return { install: folder ? trust.handles.issueInstall(folder, true) : null };
    },
    // Typed, so only a candidate: it may be read to show what it holds; writing to it or running its
    // bitwarden.sh asks the admin in a native dialog first.
    [INVOKE.installUseTypedFolder]: async ({ folder }) => {
      requireThisComputer();
      return trust.handles.issueInstall(folder, false);
    },
    [INVOKE.installInspect]: async ({ installId }) => readInstallStatus(services.host, trust.handles.installHandle(installId).folder),
  };
}

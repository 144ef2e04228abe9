import { CoreError } from '../../core/shared';
import { forgetSshServer } from '../../core/ssh-target';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { ServersRemoveCommand } from './servers-command';

export const run: CommandAction<ServersRemoveCommand> = (_options, context, [name]) => removeServer(name, context);

function unknownServer(name: string, saved: readonly string[]): CoreError {
  const known = saved.length ? ` (saved: ${saved.join(', ')})` : '';
  return new CoreError('server-unknown', `No saved server is called "${name}"${known}; nothing was changed.`, 'unusable-input');
}

async function removeServer(name: string, context: CliContext): Promise<0> {
  return withCliServices(context, async (services) => {
    const settings = await services.settings();
    const savedNames = async () => (await settings.load()).sshServers.map((server) => server.name);
    // Checked before the keychain is opened, so a typo never waits on (or prompts for) the Secret Service.
    const before = await savedNames();
    if (!before.includes(name)) throw unknownServer(name, before);
    const { store } = await services.secrets();
    // The same forgetting as the app's Remove: the settings entry, then every keychain entry kept for that name.
    const forgotten = await forgetSshServer(settings, store, name);
    if (!forgotten.removed) throw unknownServer(name, await savedNames());
    const cleared = forgotten.keychainEntriesCleared;
    context.result({ ok: true, removed: name, keychainEntriesCleared: cleared }, `Removed ${name}${cleared ? ` and cleared ${cleared} keychain entr${cleared === 1 ? 'y' : 'ies'}` : ''}.`);
    return 0 as const;
  });
}

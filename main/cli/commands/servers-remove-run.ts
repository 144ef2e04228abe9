import { CoreError } from '../../core/shared';
import { sshSecretPrefix } from '../../core/ssh-target';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { ServersRemoveCommand } from './servers-command';

export const run: CommandAction<ServersRemoveCommand> = (_options, context, [name]) => removeServer(name, context);

function unusable(code: string, message: string): CoreError {
  return new CoreError(code, message, 'unusable-input');
}

async function removeServer(name: string, context: CliContext): Promise<0> {
  return withCliServices(context, async (services) => {
    const settings = await services.settings();
    const before = (await settings.load()).sshServers;
    if (!before.some((server) => server.name === name)) {
      throw unusable('server-unknown', `No saved server is called "${name}"${before.length ? ` (saved: ${before.map((s) => s.name).join(', ')})` : ''}; nothing was changed.`);
    }
    await settings.update((current) => ({ ...current, sshServers: current.sshServers.filter((server) => server.name !== name) }));
    const { store } = await services.secrets();
    const prefix = sshSecretPrefix(name);
    let cleared = 0;
    for (const account of await store.list()) {
      if (account.startsWith(prefix) && (await store.delete(account))) cleared += 1;
    }
    context.result({ ok: true, removed: name, keychainEntriesCleared: cleared }, `Removed ${name}${cleared ? ` and cleared ${cleared} keychain entr${cleared === 1 ? 'y' : 'ies'}` : ''}.`);
    return 0 as const;
  });
}

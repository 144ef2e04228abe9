import { SERVER_ROLE_TITLES } from '../../core/vault-api';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { LogoutCommand } from './logout-command';

export const run: CommandAction<LogoutCommand> = (_options, context, [role]) =>
  withCliServices(context, async (services) => {
    const settings = await services.settings();
    const before = (await settings.load()).servers[role];
    await (await services.connections()).logout(role);
    const title = SERVER_ROLE_TITLES[role];
    context.result(
      { ok: true, role, wasSignedIn: Boolean(before) },
      before ? `Signed out of the ${title}${before.email ? ` (${before.email})` : ''}: secret and settings removed.` : `Not signed in to the ${title}; nothing to remove.`,
    );
    return 0 as const;
  });

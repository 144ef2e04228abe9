import { Argument, type Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

interface LogoutOptions {
  json?: boolean;
}

export function registerLogoutCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('logout')
    .description("forget a server: its API key secret in the keychain and its saved settings (URLs, client_id, chosen organization)")
    .addArgument(new Argument('<server>', 'cloud or self').choices(['cloud', 'self']))
    .addOption(jsonOption());
  defineAction<LogoutOptions>(command, hooks, async (_options, context, args) => {
    const role = args[0] as 'cloud' | 'self';
    const [{ withCliServices }, { SERVER_ROLE_TITLES }] = await Promise.all([import('../cli-services'), import('../../core/vault-api')]);
    return withCliServices(context, async (services) => {
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
  });
}

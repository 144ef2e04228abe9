import { Argument, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

function logoutCommand(program: Command) {
  return program
    .command('logout')
    .description("forget a server: its API key secret in the keychain and its saved settings (URLs, client_id, chosen organization)")
    .addArgument(new Argument('<server>', 'cloud or self').choices(['cloud', 'self'] as const))
    .addOption(jsonOption());
}
export type LogoutCommand = ReturnType<typeof logoutCommand>;

export function registerLogoutCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(logoutCommand(program), hooks, () => import('./logout-run'));
}

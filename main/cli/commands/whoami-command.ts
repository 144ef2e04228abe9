import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addRouteWithHostOptions } from '../route-options';

function whoamiCommand(program: Command) {
  return addRouteWithHostOptions(
      program
      .command('whoami')
      .description('for each connection: endpoints, account, organizations with roles (and why none qualifies), where the secret is kept')
      .addOption(jsonOption())
      .addHelpText('after', '\nExit code 1 when a saved connection cannot sign in (e.g. no keychain and no BW_CLIENTID / BW_CLIENTSECRET).'),
  );
}
export type WhoamiCommand = ReturnType<typeof whoamiCommand>;

export function registerWhoamiCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(whoamiCommand(program), hooks, () => import('./whoami-run'));
}

import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';

function statusCommand(program: Command) {
  return addHostOptions(
    program
      .command('status')
      .description('read the install: installation ID, region, vault URL, cloud communication, license files, problems')
      .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
      .addOption(jsonOption()),
  );
}
export type StatusCommand = ReturnType<typeof statusCommand>;

export function registerStatusCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(statusCommand(program), hooks, () => import('./status-run'));
}

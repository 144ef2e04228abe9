import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';

function restoreEnvCommand(program: Command) {
  return addHostOptions(
    program
      .command('restore-env')
      .description('put a backup of global.override.env back (the newest one unless --backup is given); the current file is backed up first')
      .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
      .option('--backup <file>', 'the backup to restore (one of the global.override.env.*.bak files beside the env file)')
      .addOption(jsonOption()),
  );
}
export type RestoreEnvCommand = ReturnType<typeof restoreEnvCommand>;

export function registerRestoreEnvCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(restoreEnvCommand(program), hooks, () => import('./restore-env-run'));
}

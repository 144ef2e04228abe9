import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';

function enableCloudCommand(program: Command) {
  return addHostOptions(
    program
      .command('enable-cloud')
      .description('set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env (backup first, nothing else touched)')
      .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
      .option('--dry-run', 'print the diff and write nothing')
      .option('--fix-region', "also correct installation/push URIs that point at the other cloud region (else: region-mismatch, nothing changed)")
      .option('--add-admin <email>', 'in the same edit, set adminSettings__admins to this e-mail when it is empty (the System Administrator Portal sign-in); a non-empty list is left as it is')
      .addOption(jsonOption())
      .addHelpText('after', '\nThe running server only sees the change after `sponsorship-setup apply --bwdata DIR`.'),
  );
}
export type EnableCloudCommand = ReturnType<typeof enableCloudCommand>;

export function registerEnableCloudCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(enableCloudCommand(program), hooks, () => import('./enable-cloud-run'));
}

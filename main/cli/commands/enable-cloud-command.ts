import type { Command } from 'commander';
import { CoreError } from '../../core/shared';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, hostArgsText, withCommandHost, type HostOptions } from '../host-options';

interface EnableCloudCommandOptions extends HostOptions {
  dryRun?: boolean;
  fixRegion?: boolean;
  addAdmin?: string;
  json?: boolean;
}

export function registerEnableCloudCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('enable-cloud')
    .description('set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env (backup first, nothing else touched)')
    .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
    .option('--dry-run', 'print the diff and write nothing')
    .option('--fix-region', "also correct installation/push URIs that point at the other cloud region (else: region-mismatch, nothing changed)")
    .option('--add-admin <email>', 'in the same edit, set adminSettings__admins to this e-mail when it is empty (the System Administrator Portal sign-in); a non-empty list is left as it is')
    .addOption(jsonOption())
    .addHelpText('after', '\nThe running server only sees the change after `sponsorship-setup apply --bwdata DIR`.');
  addHostOptions(command);
  defineAction<EnableCloudCommandOptions>(command, hooks, async (options, context) => {
    const { enableCloud } = await import('../../core/install');
    let result;
    try {
      result = await withCommandHost(options, context, ({ host, bwdata }) =>
        enableCloud(host, bwdata, {
          dryRun: Boolean(options.dryRun),
          fixRegion: Boolean(options.fixRegion),
          addAdmin: options.addAdmin,
        }),
      );
    } catch (error) {
      // region-mismatch and changed-during-edit leave the file untouched: still one document with the
      // usual fields, so scripts read `changed`/`backup` the same way on every path.
      if (error instanceof CoreError && error.outcome === 'problem') {
        const backup = typeof error.details?.['backup'] === 'string' ? error.details['backup'] : null;
        const file = typeof error.details?.['file'] === 'string' ? error.details['file'] : typeof error.details?.['path'] === 'string' ? error.details['path'] : null;
        context.log(`[enable-cloud] error [${error.code}]: ${error.message}`);
        if (error.code === 'region-mismatch') context.log('[enable-cloud] run again with --fix-region to correct the URIs as well.');
        context.result(
          { ok: false, changed: false, file, backup, diff: '', dryRun: Boolean(options.dryRun), problems: [], error: { code: error.code, message: error.message } },
          '',
        );
        return 1;
      }
      throw error;
    }
    const lines: string[] = [];
    if (result.diff) lines.push(result.diff.trimEnd());
    if (result.admins) lines.push(result.admins.note);
    if (!result.changed) lines.push(`Cloud communication is already enabled in ${result.file}; nothing changed.`);
    else if (result.dryRun) lines.push(`Dry run: ${result.file} was not written.`);
    else lines.push(`Wrote ${result.file}.`, `Backup: ${result.backup}`, `Apply it: sponsorship-setup apply ${hostArgsText(options)}`);
    for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
    context.result({ ok: true, ...result }, lines.join('\n'));
    return 0;
  });
}

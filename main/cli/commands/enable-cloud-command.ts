import type { Command } from 'commander';
import { CoreError, shellQuote } from '../../core/shared';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

interface EnableCloudCommandOptions {
  bwdata: string;
  dryRun?: boolean;
  fixRegion?: boolean;
  addAdmin?: string;
  json?: boolean;
}

export function registerEnableCloudCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('enable-cloud')
    .description('set globalSettings__enableCloudCommunication=true in bwdata/env/global.override.env (backup first, nothing else touched)')
    .requiredOption('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself')
    .option('--dry-run', 'print the diff and write nothing')
    .option('--fix-region', "also correct installation/push URIs that point at the other cloud region (else: region-mismatch, nothing changed)")
    .option('--add-admin <email>', 'in the same edit, set adminSettings__admins to this e-mail when it is empty (the System Administrator Portal sign-in); a non-empty list is left as it is')
    .addOption(jsonOption())
    .addHelpText('after', '\nThe running server only sees the change after `sponsorship-setup apply --bwdata DIR`.');
  defineAction<EnableCloudCommandOptions>(command, hooks, async (options, context) => {
    const [{ createLocalHost }, { enableCloud }] = await Promise.all([import('../../core/host'), import('../../core/install')]);
    let result;
    try {
      result = await enableCloud(createLocalHost(), options.bwdata, {
        dryRun: Boolean(options.dryRun),
        fixRegion: Boolean(options.fixRegion),
        ...(options.addAdmin !== undefined ? { addAdmin: options.addAdmin } : {}),
      });
    } catch (error) {
      // region-mismatch and changed-during-edit leave the file untouched: still one document with the
      // usual fields, so scripts read `changed`/`backup` the same way on every path.
      if (error instanceof CoreError && error.outcome === 'problem') {
        const file = typeof error.details?.['file'] === 'string' ? error.details['file'] : typeof error.details?.['path'] === 'string' ? error.details['path'] : null;
        context.log(`[enable-cloud] error [${error.code}]: ${error.message}`);
        if (error.code === 'region-mismatch') context.log('[enable-cloud] run again with --fix-region to correct the URIs as well.');
        context.result(
          { ok: false, changed: false, file, backup: null, diff: '', dryRun: Boolean(options.dryRun), problems: [], error: { code: error.code, message: error.message } },
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
    else lines.push(`Wrote ${result.file}.`, `Backup: ${result.backup}`, `Apply it: sponsorship-setup apply --bwdata ${shellQuote(options.bwdata)}`);
    for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
    context.result({ ok: true, ...result }, lines.join('\n'));
    return 0;
  });
}

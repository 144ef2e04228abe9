import type { Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

interface RestoreEnvCommandOptions {
  bwdata: string;
  backup?: string;
  json?: boolean;
}

export function registerRestoreEnvCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('restore-env')
    .description('put a backup of global.override.env back (the newest one unless --backup is given); the current file is backed up first')
    .requiredOption('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself')
    .option('--backup <file>', 'the backup to restore (one of the global.override.env.*.bak files beside the env file)')
    .addOption(jsonOption());
  defineAction<RestoreEnvCommandOptions>(command, hooks, async (options, context) => {
    const [{ createLocalHost }, { restoreEnvBackup }] = await Promise.all([import('../../core/host'), import('../../core/install')]);
    const result = await restoreEnvBackup(createLocalHost(), options.bwdata, options.backup);
    const lines: string[] = [];
    if (result.diff) lines.push(result.diff.trimEnd());
    if (result.changed) lines.push(`Restored ${result.file} from ${result.restoredFrom}.`, `The content it replaced is in ${result.backup}.`);
    else lines.push(`${result.file} already holds the content of ${result.restoredFrom}; nothing changed.`);
    for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
    context.result({ ok: true, ...result }, lines.join('\n'));
    return 0;
  });
}

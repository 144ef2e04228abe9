import type { Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, withCommandHost, type HostOptions } from '../host-options';

interface RestoreEnvCommandOptions extends HostOptions {
  backup?: string;
  json?: boolean;
}

export function registerRestoreEnvCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('restore-env')
    .description('put a backup of global.override.env back (the newest one unless --backup is given); the current file is backed up first')
    .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
    .option('--backup <file>', 'the backup to restore (one of the global.override.env.*.bak files beside the env file)')
    .addOption(jsonOption());
  addHostOptions(command);
  defineAction<RestoreEnvCommandOptions>(command, hooks, async (options, context) => {
    const { restoreEnvBackup } = await import('../../core/install');
    const result = await withCommandHost(options, context, ({ host, bwdata }) => restoreEnvBackup(host, bwdata, options.backup));
    const lines: string[] = [];
    if (result.diff) lines.push(result.diff.trimEnd());
    if (result.changed) lines.push(`Restored ${result.file} from ${result.restoredFrom}.`, `The content it replaced is in ${result.backup}.`);
    else lines.push(`${result.file} already holds the content of ${result.restoredFrom}; nothing changed.`);
    for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
    context.result({ ok: true, ...result }, lines.join('\n'));
    return 0;
  });
}

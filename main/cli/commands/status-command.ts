import type { Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

interface StatusOptions {
  bwdata: string;
  json?: boolean;
}

export function registerStatusCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('status')
    .description('read the install: installation ID, region, vault URL, cloud communication, license files, problems')
    .requiredOption('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself')
    .addOption(jsonOption());
  defineAction<StatusOptions>(command, hooks, async (options, context) => {
    const [{ createLocalHost }, { readInstallStatus, formatInstallStatusText }] = await Promise.all([
      import('../../core/host'),
      import('../../core/install'),
    ]);
    const status = await readInstallStatus(createLocalHost(), options.bwdata);
    context.result(status, formatInstallStatusText(status));
    // `status` is a report: findings do not fail it; only an unreadable install does (thrown above).
    return 0;
  });
}

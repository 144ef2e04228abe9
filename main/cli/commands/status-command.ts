import type { Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, withCommandHost, type HostOptions } from '../host-options';

interface StatusOptions extends HostOptions {
  json?: boolean;
}

export function registerStatusCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('status')
    .description('read the install: installation ID, region, vault URL, cloud communication, license files, problems')
    .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
    .addOption(jsonOption());
  addHostOptions(command);
  defineAction<StatusOptions>(command, hooks, async (options, context) => {
    const { readInstallStatus, formatInstallStatusText } = await import('../../core/install');
    const status = await withCommandHost(options, context, ({ host, bwdata }) => readInstallStatus(host, bwdata));
    context.result(status, formatInstallStatusText(status));
    // `status` is a report: findings do not fail it; only an unreadable install does (thrown above).
    return 0;
  });
}

import type { Command } from '@commander-js/extra-typings';
import type { ProgramHooks } from '../program';
import { registerStatusCommand } from './status-command';
import { registerEnableCloudCommand } from './enable-cloud-command';
import { registerRestoreEnvCommand } from './restore-env-command';
import { registerApplyCommand } from './apply-command';
import { registerLoginCommand } from './login-command';
import { registerLogoutCommand } from './logout-command';
import { registerWhoamiCommand } from './whoami-command';
import { registerCheckCommand } from './check-command';
import { registerLicenseCommand } from './license-command';
import { registerBillingSyncCommands } from './billing-sync-commands';
import { registerServersCommand } from './servers-command';
import { registerRouteCommand } from './route-command';

/**
 * Each command's definition (options, help) lives in a `*-command.ts` module loaded with the parser;
 * its action lives in a `*-run.ts` module loaded only when it runs, so --help loads no core.
 */
export function registerCommands(program: Command, hooks: ProgramHooks): void {
  registerStatusCommand(program, hooks);
  registerEnableCloudCommand(program, hooks);
  registerRestoreEnvCommand(program, hooks);
  registerApplyCommand(program, hooks);
  registerLoginCommand(program, hooks);
  registerLogoutCommand(program, hooks);
  registerWhoamiCommand(program, hooks);
  registerCheckCommand(program, hooks);
  registerLicenseCommand(program, hooks);
  registerBillingSyncCommands(program, hooks);
  registerServersCommand(program, hooks);
  registerRouteCommand(program, hooks);
}

import type { Command } from 'commander';
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

/** Each command lives in its own module and imports its core capability lazily, so --help stays fast. */
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
}

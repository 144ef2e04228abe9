import type { Command } from 'commander';
import type { ProgramHooks } from '../program';
import { registerStatusCommand } from './status-command';

/** Each command lives in its own module and imports its core capability lazily, so --help stays fast. */
export function registerCommands(program: Command, hooks: ProgramHooks): void {
  registerStatusCommand(program, hooks);
}

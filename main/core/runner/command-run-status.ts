import type { CommandRun } from './apply-configuration';

/**
 * How one run command ended, in words: `could not start (…)`, `exit N` or `signal S`. Shared by the
 * CLI's `apply` summary and the app's apply output so both say the same thing.
 */
export function commandRunStatusText(run: CommandRun): string {
  if (run.spawnError !== undefined) return `could not start (${run.spawnError})`;
  return run.exitCode !== null ? `exit ${run.exitCode}` : `signal ${run.signal}`;
}

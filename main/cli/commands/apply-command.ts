import { Option, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';

/** Kept in step with APPLY_METHOD_NAMES in core; listed here so `--help` does not load core. */
const METHODS = ['restart', 'rebuild', 'no-pull'] as const;

function applyCommand(program: Command) {
  return addHostOptions(
    program
      .command('apply')
      .description('make the running Bitwarden pick up the edited env file, streaming every output line to stderr')
      .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
      .addOption(
        new Option('--method <method>', 'restart: ./bitwarden.sh restart; rebuild: ./bitwarden.sh rebuild, then start; no-pull: docker compose up -d with the images already here')
          .choices(METHODS)
          .default('restart' as const),
      )
      .option('--attach [run-id]', 'follow an apply started on the server by another process (that died or lost its link) to its end, then go on with the method\'s remaining commands; without an id: the running one, else the newest nobody saw end (--method is taken from the run)')
      .addOption(jsonOption())
      .addHelpText(
        'after',
        '\nThe full log is saved under $XDG_STATE_HOME/sponsorship-setup/logs (or ~/.local/state/…). Ctrl-C cancels the running command.\n' +
          'One apply runs per install at a time, on this computer and over SSH: a second one is refused (run-in-progress, exit 1).\n' +
          'Over SSH the commands run detached on the server and are recorded there: a dropped link or a closed terminal does not stop them.',
      ),
  );
}
export type ApplyCommand = ReturnType<typeof applyCommand>;

export function registerApplyCommand(program: Command, hooks: ProgramHooks): void {
  defineAction(applyCommand(program), hooks, () => import('./apply-run'));
}

import { Option, type Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import type { CliContext } from '../cli-context';
import { addHostOptions, withCommandHost, type CommandHost, type HostOptions } from '../host-options';

interface ApplyCommandOptions extends HostOptions {
  method: 'restart' | 'rebuild' | 'no-pull';
  attach?: string | true;
  json?: boolean;
}

/** Kept in step with APPLY_METHOD_NAMES in core; listed here so `--help` does not load core. */
const METHODS = ['restart', 'rebuild', 'no-pull'] as const;

export function registerApplyCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('apply')
    .description('make the running Bitwarden pick up the edited env file, streaming every output line to stderr')
    .option('--bwdata <dir>', 'the Bitwarden install folder (with bitwarden.sh and bwdata/) or bwdata/ itself (required)')
    .addOption(
      new Option('--method <method>', 'restart: ./bitwarden.sh restart; rebuild: ./bitwarden.sh rebuild, then start; no-pull: docker compose up -d with the images already here')
        .choices(METHODS)
        .default('restart'),
    )
    .option('--attach [run-id]', 'follow an apply started on the server by another process (that died or lost its link) to its end, then go on with the method\'s remaining commands; without an id: the running one, else the newest nobody saw end (--method is taken from the run)')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe full log is saved under $XDG_STATE_HOME/sponsorship-setup/logs (or ~/.local/state/…). Ctrl-C cancels the running command.\n' +
        'Over SSH the commands run detached on the server and are recorded there: a dropped link or a closed terminal does not stop them, and only one apply runs per install at a time.',
    );
  addHostOptions(command);
  defineAction<ApplyCommandOptions>(command, hooks, async (options, context) => {
    const [{ applyConfiguration, planApplyConfiguration, APPLY_METHODS }, { redactEnvLine }, { logFolder }, { attachFromCli, summaryLines, withAttachHint }] = await Promise.all([
      import('../../core/runner'),
      import('../../core/env-file'),
      import('./log-folder'),
      import('./apply-attach'),
    ]);
    const work = async ({ host, bwdata, remote }: CommandHost & { bwdata: string }) => {
      if (options.attach !== undefined) {
        const logFile = await logFolder(context.env).then((folder) => folder.fileFor('apply-attach'));
        return withCancel(context, (signal) => attachFromCli({ host, bwdata, remote }, options.attach === true ? undefined : options.attach, context, logFile, signal));
      }
      // Plan first: unusable input (no script, not an install) ends here with exit 2 and nothing run.
      const plan = await planApplyConfiguration(host, bwdata, options.method);
      const logFile = await logFolder(context.env).then((folder) => folder.fileFor(`apply-${options.method}`));

      context.log(`[apply] ${APPLY_METHODS[options.method].title}: ${plan.commands.map((c) => c.argv.join(' ')).join(' && ')} (in ${plan.cwd}${plan.runAsUser ? `, as ${plan.runAsUser}` : ''})`);
      context.log(`[apply] log file: ${logFile}`);

      const result = await withCancel(context, (signal) =>
        applyConfiguration(host, bwdata, {
          method: options.method,
          signal,
          logFilePath: logFile,
          onLine: (line) => context.log(`[apply] ${line.stream === 'stderr' ? 'ERR' : 'OUT'} ${redactEnvLine(line.text)}`),
        }),
      );
      const text = (await summaryLines(result)).join('\n');
      context.result({ ...result, cwd: plan.cwd, runAsUser: plan.runAsUser }, text);
      return result.ok ? 0 : 1;
    };
    try {
      return await withCommandHost(options, context, work);
    } catch (error) {
      throw withAttachHint(error, options);
    }
  });
}

/** Ctrl-C (or SIGTERM) cancels: TERM to the running command's process group, KILL after a grace period. */
async function withCancel<T>(context: CliContext, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) return;
    context.log('[apply] cancelling: stopping the running command (SIGTERM, then SIGKILL after a grace period)…');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
}

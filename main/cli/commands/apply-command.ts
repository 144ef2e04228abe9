import { Option, type Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, withCommandHost, type HostOptions } from '../host-options';

interface ApplyCommandOptions extends HostOptions {
  method: 'restart' | 'rebuild' | 'no-pull';
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
    .addOption(jsonOption())
    .addHelpText('after', '\nThe full log is saved under $XDG_STATE_HOME/sponsorship-setup/logs (or ~/.local/state/…). Ctrl-C cancels the running command.');
  addHostOptions(command);
  defineAction<ApplyCommandOptions>(command, hooks, async (options, context) => {
    const [{ applyConfiguration, planApplyConfiguration, APPLY_METHODS, commandRunStatusText }, { redactEnvLine }, { logFolder }] = await Promise.all([
      import('../../core/runner'),
      import('../../core/env-file'),
      import('./log-folder'),
    ]);
    return withCommandHost(options, context, async ({ host, bwdata }) => {
      // Plan first: unusable input (no script, not an install) ends here with exit 2 and nothing run.
      const plan = await planApplyConfiguration(host, bwdata, options.method);
      const logFile = await logFolder(context.env).then((folder) => folder.fileFor(`apply-${options.method}`));

      context.log(`[apply] ${APPLY_METHODS[options.method].title}: ${plan.commands.map((c) => c.argv.join(' ')).join(' && ')} (in ${plan.cwd}${plan.runAsUser ? `, as ${plan.runAsUser}` : ''})`);
      context.log(`[apply] log file: ${logFile}`);

      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) return;
        context.log('[apply] cancelling: stopping the running command (SIGTERM, then SIGKILL after a grace period)…');
        controller.abort();
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      let result;
      try {
        result = await applyConfiguration(host, bwdata, {
          method: options.method,
          signal: controller.signal,
          logFilePath: logFile,
          onLine: (line) => context.log(`[apply] ${line.stream === 'stderr' ? 'ERR' : 'OUT'} ${redactEnvLine(line.text)}`),
        });
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
      }

      const summary = result.commands.map(
        (run) =>
          `${run.argv.join(' ')}: ${commandRunStatusText(run)}${run.cancelled ? ', cancelled' : ''}${run.timedOut ? ', stopped (waiting for input)' : ''} after ${(run.durationMs / 1000).toFixed(1)} s`,
      );
      const after = result.cloudCommunicationAfter === null ? 'could not be read' : String(result.cloudCommunicationAfter);
      const text = [
        ...summary,
        ...result.problems.map((problem) => `problem [${problem.code}]: ${problem.message}`),
        `globalSettings__enableCloudCommunication after the run: ${after}`,
        `Log: ${result.logFile}`,
      ].join('\n');
      context.result({ ...result, cwd: plan.cwd, runAsUser: plan.runAsUser }, text);
      return result.ok ? 0 : 1;
    });
  });
}

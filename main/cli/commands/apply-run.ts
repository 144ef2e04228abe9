import { applyConfiguration, APPLY_METHODS, planApplyConfiguration } from '../../core/runner';
import { redactEnvLine } from '../../core/env-file';
import type { CliContext } from '../cli-context';
import { withCommandHost } from '../host-options';
import type { CommandAction } from '../program';
import type { ApplyCommand } from './apply-command';
import { attachFromCli, summaryLines, withAttachHint } from './apply-attach';
import { logFolder } from './log-folder';

export const run: CommandAction<ApplyCommand> = async (options, context) => {
  try {
    return await withCommandHost(options, context, async ({ host, bwdata, remote }) => {
      if (options.attach !== undefined) {
        // Another process started it (and died or lost its link): follow it, then finish the method.
        const attachLog = await logFolder(context.env).then((folder) => folder.fileFor('apply-attach'));
        return whileCancellable(context, (signal) => attachFromCli({ host, bwdata, remote }, options.attach === true ? undefined : options.attach, context, attachLog, signal), { cancelOnHangup: !remote });
      }
      // Plan first: unusable input (no script, not an install) ends here with exit 2 and nothing run.
      const plan = await planApplyConfiguration(host, bwdata, options.method);
      const logFile = await logFolder(context.env).then((folder) => folder.fileFor(`apply-${options.method}`));

      context.log(`[apply] ${APPLY_METHODS[options.method].title}: ${plan.commands.map((c) => c.argv.join(' ')).join(' && ')} (in ${plan.cwd}${plan.runAsUser ? `, as ${plan.runAsUser}` : ''})`);
      context.log(`[apply] log file: ${logFile}`);

      const result = await whileCancellable(context, (signal) =>
        applyConfiguration(host, bwdata, {
          method: options.method,
          signal,
          logFilePath: logFile,
          onLine: (line) => context.log(`[apply] ${line.stream === 'stderr' ? 'ERR' : 'OUT'} ${redactEnvLine(line.text)}`),
        }),
        { cancelOnHangup: !remote },
      );
      context.result({ ...result, cwd: plan.cwd, runAsUser: plan.runAsUser }, summaryLines(result).join('\n'));
      return result.ok ? 0 : 1;
    });
  } catch (error) {
    // A run already going (or a link lost mid-run) names the `apply --attach` command for this install.
    throw withAttachHint(error, options);
  }
};

/**
 * Ctrl-C (or SIGTERM) cancels the running command: SIGTERM to it, then SIGKILL after a grace period.
 * So does a hang-up (the terminal closed) when the command runs on this computer: left alone, this
 * process would die and the command's output pipe with it, ending bitwarden.sh wherever it next writes.
 * A command on a server runs detached there and is attached to later: a hang-up only ends this process.
 */
async function whileCancellable<T>(context: CliContext, work: (signal: AbortSignal) => Promise<T>, options: { cancelOnHangup: boolean }): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) return;
    context.log('[apply] cancelling: stopping the running command (SIGTERM, then SIGKILL after a grace period)…');
    controller.abort();
  };
  const signals: NodeJS.Signals[] = options.cancelOnHangup ? ['SIGINT', 'SIGTERM', 'SIGHUP'] : ['SIGINT', 'SIGTERM'];
  for (const name of signals) process.on(name, onSignal);
  try {
    return await work(controller.signal);
  } finally {
    for (const name of signals) process.off(name, onSignal);
  }
}

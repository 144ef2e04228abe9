import { redactEnvLine } from '../../core/env-file';
import { attachApplyRun, commandRunStatusText, listApplyRuns } from '../../core/runner';
import { INVOKE } from '../channels';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { installFolder, type Trust } from '../trust';
import { newLogFile, outputBatcher } from './apply-output';
import { withCliHint, type CloudHandlerOptions } from './cloud-handlers';

type RunChannels = typeof INVOKE.cloudApplyRuns | typeof INVOKE.cloudApplyAttach;

/**
 * Apply runs left on the install's server by another process (the app restarted, a CLI was killed,
 * the link dropped): which ones the admin should see, and re-attaching to one with its live log.
 */
export function applyRunHandlers(services: AppServices, options: CloudHandlerOptions, trust: Trust): Pick<HandlerTable, RunChannels> {
  return {
    [INVOKE.cloudApplyRuns]: async ({ installId }) => {
      const folder = await installFolder(services, trust, installId, 'read');
      const runs = await listApplyRuns(services.host, folder);
      return { runs: runs.filter((run) => run.state === 'running' || !run.seen) };
    },
    [INVOKE.cloudApplyAttach]: async ({ installId, runId, operationId }, context) => {
      // Attaching may run the method's remaining commands and cancel: the same yes as a run.
      const folder = await installFolder(services, trust, installId, 'run');
      return withCliHint(folder, `apply --attach ${runId}`, async () => {
        const signal = context.trackOperation(operationId);
        const output = outputBatcher(context, operationId);
        try {
          const logFile = await newLogFile(services.paths.logs, 'apply-attach');
          const startedAt = Date.now();
          services.log(`[cloud] attach to run ${runId} (operation ${operationId}), log ${logFile}`);
          output.push({ stream: 'info', text: `attached to run ${runId} on the server`, at: startedAt, commandIndex: 0 });
          const result = await attachApplyRun(services.host, folder, {
            runId,
            signal,
            logFilePath: logFile,
            idleTimeoutMs: options.idleTimeoutMs,
            killGraceMs: options.killGraceMs,
            // Secrets never cross IPC: env-looking lines are redacted.
            onLine: (line) => output.push({ stream: line.stream, text: redactEnvLine(line.text), at: line.at, commandIndex: line.commandIndex }),
          });
          for (const run of result.commands) {
            output.push({ stream: 'info', text: `${run.argv.join(' ')} ended: ${commandRunStatusText(run)}${run.cancelled ? ' (cancelled)' : ''}`, at: Date.now(), commandIndex: 0 });
          }
          services.log(`[cloud] attached run ${runId} ended: ${result.ok ? 'ok' : result.problems.map((p) => p.code).join(', ')}`);
          return { ...result, operationId, startedAt: Date.parse(result.attached.startedAt) || startedAt, endedAt: Date.now() };
        } finally {
          output.close();
          context.cancelOperation(operationId);
        }
      });
    },
  };
}

import { redactEnvLine } from '../../core/env-file';
import { attachApplyRun, commandRunStatusText, type ApplyResult, type AttachedApplyResult } from '../../core/runner';
import { CoreError, shellQuote } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { hostArgsText, type HostOptions } from '../host-options';
import type { CommandHost } from '../host-options';

/**
 * `apply --attach [RUN_ID]`: follows an apply another process started on the server (it died, or its
 * SSH link did) to its end, streaming the whole log, then goes on with the method's remaining commands.
 */
export async function attachFromCli(target: CommandHost & { bwdata: string }, runId: string | undefined, context: CliContext, logFile: string, signal: AbortSignal): Promise<0 | 1> {
  context.log(`[apply] attaching to ${runId ? `run ${runId}` : 'the running (or unseen) apply'} on ${target.host.label}; log file: ${logFile}`);
  const result = await attachApplyRun(target.host, target.bwdata, {
    ...(runId !== undefined ? { runId } : {}),
    signal,
    logFilePath: logFile,
    onLine: (line) => context.log(`[apply] ${line.stream === 'stderr' ? 'ERR' : 'OUT'} ${redactEnvLine(line.text)}`),
  });
  context.result(result, [attachedText(result), ...summaryLines(result)].join('\n'));
  return result.ok ? 0 : 1;
}

function attachedText({ attached }: AttachedApplyResult): string {
  const ended = attached.state === 'running' ? 'was running' : attached.state === 'lost' ? 'had ended without recording how' : `had ended${attached.endedAt ? ` at ${attached.endedAt}` : ''}`;
  return `Attached to run ${attached.id} (${attached.method}, command ${attached.commandIndex + 1} of ${attached.commandCount}, started ${attached.startedAt}; it ${ended}).`;
}

/**
 * The apply summary lines shared with a started apply. Core's runner is imported statically: this module
 * is only reached from apply's own lazily loaded run module, which needs the runner anyway.
 */
export function summaryLines(result: ApplyResult): string[] {
  const after = result.cloudCommunicationAfter === null ? 'could not be read' : String(result.cloudCommunicationAfter);
  return [
    ...result.commands.map(
      (run) =>
        `${run.argv.join(' ')}: ${commandRunStatusText(run)}${run.cancelled ? ', cancelled' : ''}${run.timedOut ? ', stopped (waiting for input)' : ''} after ${(run.durationMs / 1000).toFixed(1)} s`,
    ),
    ...result.problems.map((problem) => `problem [${problem.code}]: ${problem.message}`),
    `globalSettings__enableCloudCommunication after the run: ${after}`,
    `Log: ${result.logFile}`,
  ];
}

/**
 * An apply already running (`run-in-progress`) or a link lost during one (`connection-lost` with the
 * run's id) ends with the exact command that attaches to it.
 */
export function withAttachHint(error: unknown, options: HostOptions): unknown {
  if (!(error instanceof CoreError)) return error;
  const runId = error.details?.['runId'];
  if (typeof runId !== 'string' || (error.code !== 'run-in-progress' && error.code !== 'connection-lost')) return error;
  const command = `sponsorship-setup apply --attach ${shellQuote(runId)} ${hostArgsText(options)}`.trim();
  // A new error without `fix`: this wording replaces the generic one.
  return new CoreError(error.code, `${error.message} To follow it: ${command}`, error.outcome, { ...error.details, attachCommand: command });
}

import type { Host, HostOutputLine, HostRunResult } from '../host';
import type { Problem } from '../shared';
import type { ApplyOptions, ApplyPlan, ApplyProblemCode, CommandRun } from './apply-configuration';
import type { ApplyMethod } from './apply-methods';
import type { RunLog } from './apply-log';

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_KILL_GRACE_MS = 10_000;
const ROOT_WARNING = /running as the root user/i;

export interface ApplyStepsContext {
  options: ApplyOptions;
  log: RunLog | null;
  /** The plan's command to start with (a re-attach goes on after the command it followed). */
  firstIndex: number;
  /** Follow this recorded run (left running by another process) as the command at `firstIndex`, instead of starting it. */
  attachRunId?: string;
  /**
   * Before each later command: a run of it that another process already started (the one that
   * started the attached run may still be alive), to follow instead of starting it a second time.
   */
  startedElsewhere?: (commandIndex: number) => Promise<string | undefined>;
}

/**
 * Runs the plan's commands from `firstIndex` in order, each recorded on the host (so another process
 * can attach to it), stopping at the first problem. Root-prompt detection and the problem words are
 * the same for a command started here and one attached to.
 */
export async function runApplySteps(host: Host, plan: ApplyPlan, context: ApplyStepsContext): Promise<{ commands: CommandRun[]; problems: Problem<ApplyProblemCode>[] }> {
  const { options, log } = context;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const commands: CommandRun[] = [];
  const problems: Problem<ApplyProblemCode>[] = [];
  for (let commandIndex = context.firstIndex; commandIndex < plan.commands.length; commandIndex += 1) {
    const argv = plan.commands[commandIndex]!.argv;
    const display = argv.join(' ');
    const attachRunId = commandIndex === context.firstIndex ? context.attachRunId : await context.startedElsewhere?.(commandIndex);
    log?.write(attachRunId ? `[runner] attached to run ${attachRunId}: ${display}` : `[runner] $ ${display}`);
    let sawRootWarning = false;
    const supervision = {
      signal: options.signal,
      idleTimeoutMs,
      killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      onLine: (line: HostOutputLine) => {
        if (ROOT_WARNING.test(line.text)) sawRootWarning = true;
        log?.line(line);
        options.onLine?.({ ...line, commandIndex });
      },
    };
    const result: HostRunResult =
      attachRunId && host.attachRun
        ? await host.attachRun(attachRunId, supervision)
        : await host.run({
            command: argv[0]!,
            args: argv.slice(1),
            cwd: plan.cwd,
            ...supervision,
            record: { tags: { kind: 'apply', install: plan.cwd, method: plan.method, step: String(commandIndex), steps: String(plan.commands.length) } },
          });
    const run = commandRunOf(argv, result);
    commands.push(run);
    log?.write(
      `[runner] ${display} ended: exit ${result.exitCode ?? '-'}${result.signal ? ` signal ${result.signal}` : ''}${result.cancelled ? ' (cancelled)' : ''}${result.timedOut ? ' (no output, stopped)' : ''}${result.spawnError ? ` (could not start: ${result.spawnError})` : ''} after ${result.durationMs} ms`,
    );
    const problem = problemFor(run, display, idleTimeoutMs, sawRootWarning, options.method);
    if (problem) {
      problems.push(problem);
      break;
    }
  }
  return { commands, problems };
}

function commandRunOf(argv: string[], result: HostRunResult): CommandRun {
  return {
    argv,
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    cancelled: result.cancelled,
    timedOut: result.timedOut,
    ...(result.spawnError !== undefined ? { spawnError: result.spawnError } : {}),
  };
}

function problemFor(run: CommandRun, display: string, idleTimeoutMs: number, sawRootWarning: boolean, method: ApplyMethod): Problem<ApplyProblemCode> | null {
  if (run.cancelled) return { code: 'cancelled', message: `Cancelled "${display}". The stack may be partly stopped; run it again or start it by hand.` };
  if (run.timedOut) {
    return {
      code: 'waiting-for-input',
      message: `"${display}" printed nothing for ${Math.round(idleTimeoutMs / 1000)} s and seems to be waiting for an answer; it was stopped. Run it in a terminal on the server and answer the question.`,
    };
  }
  if (run.spawnError !== undefined) return { code: 'command-failed', message: `Could not start "${display}": ${run.spawnError}` };
  if (run.exitCode === 0) return null;
  if (sawRootWarning) {
    return {
      code: 'root-prompt',
      message:
        `bitwarden.sh refused to run as root: it asks "Do you still want to continue? (y/n)" and this app cannot answer. ` +
        `Run "${display}" in a terminal as the Bitwarden user (or answer y), or give bwdata to a dedicated Bitwarden user.`,
    };
  }
  const pullHint = method === 'no-pull' ? '' : ' If the image pull failed, the stack is now down: choose "no-pull" to start it with the images already on the server.';
  return {
    code: 'command-failed',
    message: `"${display}" failed (${run.exitCode === null ? `signal ${run.signal}` : `exit code ${run.exitCode}`}).${pullHint} See the log for details.`,
  };
}

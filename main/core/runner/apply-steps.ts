import type { Host, HostOutputLine, HostRunResult } from '../host';
import { CoreError, type Problem } from '../shared';
import type { ApplyOptions, ApplyPlan, ApplyProblemCode, CommandRun } from './apply-configuration';
import type { ApplyGate } from './apply-gate';
import type { ApplyRun } from './apply-runs';
import type { ApplyMethod } from './apply-methods';
import type { RunLog } from './apply-log';

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_KILL_GRACE_MS = 10_000;
const ROOT_WARNING = /running as the root user/i;

export interface ApplyStepsContext {
  options: ApplyOptions;
  log: RunLog | null;
  /** One apply at a time per install: each command is started under its lock. */
  gate: ApplyGate;
  /** The plan's command to start with (a re-attach goes on after the command it followed). */
  firstIndex: number;
  /** Follow this recorded run (left running by another process) as the command at `firstIndex`, instead of starting it. */
  attachRunId?: string;
  /**
   * Tags every command's record, so the commands of one apply are found together: a process that
   * attached to one of them goes on with the same id, and before each command the runs listed under
   * the lock show whether another process (the starter, or one that attached) already started it.
   */
  applyId: string;
  /**
   * For a run recorded without an apply id (an older version started it): a later command's run that
   * another process started, told by its start time. With an apply id this is not needed.
   */
  startedElsewhere?: (commandIndex: number, runs: ApplyRun[]) => string | undefined;
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
    let attachRunId = commandIndex === context.firstIndex ? context.attachRunId : undefined;
    if (attachRunId === undefined) {
      const entered = await enterGate(context, commandIndex, commands.length > 0);
      if ('problem' in entered) {
        problems.push(entered.problem);
        break;
      }
      attachRunId = entered.follow;
    }
    log?.write(attachRunId ? `[runner] attached to run ${attachRunId}: ${display}` : `[runner] $ ${display}`);
    const { result, sawRootWarning } = await runCommand(host, plan, context, commandIndex, attachRunId);
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

/** Starts the plan's command (recorded; the gate hears when) or follows the recorded run `attachRunId`, streaming its lines. */
async function runCommand(host: Host, plan: ApplyPlan, context: ApplyStepsContext, commandIndex: number, attachRunId: string | undefined): Promise<{ result: HostRunResult; sawRootWarning: boolean }> {
  const { options, log } = context;
  const argv = plan.commands[commandIndex]!.argv;
  let sawRootWarning = false;
  const supervision = {
    signal: options.signal,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
    onLine: (line: HostOutputLine) => {
      if (ROOT_WARNING.test(line.text)) sawRootWarning = true;
      log?.line(line);
      options.onLine?.({ ...line, commandIndex });
    },
  };
  const result =
    attachRunId && host.attachRun
      ? await host.attachRun(attachRunId, supervision)
      : await host.run({
          command: argv[0]!,
          args: argv.slice(1),
          cwd: plan.cwd,
          ...supervision,
          record: {
            tags: { kind: 'apply', install: plan.cwd, method: plan.method, step: String(commandIndex), steps: String(plan.commands.length), apply: context.applyId },
          },
          onStarted: context.gate.started,
        });
  return { result, sawRootWarning };
}

/**
 * Takes the gate before starting a command. Refused before anything ran: the caller's error (nothing
 * changed). Refused after a command ran (another apply started in between): a problem beside that
 * command's result, so what ran is still reported.
 */
async function enterGate(context: ApplyStepsContext, commandIndex: number, somethingRan: boolean): Promise<{ follow: string | undefined } | { problem: Problem<ApplyProblemCode> }> {
  try {
    return { follow: await context.gate.enter((runs) => startedElsewhere(context, commandIndex, runs)) };
  } catch (error) {
    if (!somethingRan || !(error instanceof CoreError) || error.code !== 'run-in-progress') throw error;
    const attach = typeof error.details?.['runId'] === 'string' ? ` Attach to run ${String(error.details['runId'])} to follow it.` : '';
    return { problem: { code: 'run-in-progress', message: `${error.message}${attach}` } };
  }
}

/** This apply's run of the command that another process already started (then it is followed, not started again). */
function startedElsewhere(context: ApplyStepsContext, commandIndex: number, runs: ApplyRun[]): string | undefined {
  const tagged = runs.find((run) => run.applyId === context.applyId && run.commandIndex === commandIndex);
  return tagged?.id ?? context.startedElsewhere?.(commandIndex, runs);
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

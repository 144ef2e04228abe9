import { randomBytes } from 'node:crypto';
import type { Host, HostRunRecord } from '../host';
import { loadEnvFile } from '../install/install-status';
import { CoreError } from '../shared';
import { completeApply, planApplyConfiguration, type ApplyOptions, type ApplyResult } from './apply-configuration';
import { openApplyGate } from './apply-gate';
import { openLog } from './apply-log';
import { APPLY_METHOD_NAMES, type ApplyMethod } from './apply-methods';
import { runApplySteps } from './apply-steps';

/** A command of an apply, recorded on the install's host while it runs and after it ended. */
export interface ApplyRun {
  /** The id to attach with. */
  id: string;
  /** The apply it is a command of (every command of one apply shares it); `null` when recorded by an older version. */
  applyId: string | null;
  method: ApplyMethod;
  /** Which of the method's commands it is (0-based) and how many the method has. */
  commandIndex: number;
  commandCount: number;
  argv: string[];
  /** `lost`: it ended without recording an exit status (killed, or the server rebooted). */
  state: HostRunRecord['state'];
  exitCode: number | null;
  signal: string | null;
  startedAt: string;
  endedAt: string | null;
  /** Someone followed it to its end; a run nobody saw end is shown until someone attaches. */
  seen: boolean;
  /** Where its output is kept on the host. */
  logPath: string;
}

export interface AttachApplyOptions extends Omit<ApplyOptions, 'method'> {
  /** The run to attach to; without it, the running one, else the newest that nobody saw end. */
  runId?: string;
}

export interface AttachedApplyResult extends ApplyResult {
  /** The run attached to (as listed before attaching). */
  attached: ApplyRun;
}

/** A fresh id for one apply's commands (tags only: not a secret). */
export function newApplyId(): string {
  return randomBytes(6).toString('hex');
}

/** The apply commands recorded on the host for the install in `installDir`, newest first (none on this computer). */
export async function listApplyRuns(host: Host, installDir: string): Promise<ApplyRun[]> {
  const { location } = await loadEnvFile(host, installDir);
  return applyRunsAt(host, location.installRoot);
}

/** The apply runs recorded for the install at `installRoot` (its install folder), newest first. */
export async function applyRunsAt(host: Host, installRoot: string): Promise<ApplyRun[]> {
  if (!host.listRuns) return [];
  const records = await host.listRuns();
  return records.map((record) => applyRunOf(record, installRoot)).filter((run): run is ApplyRun => run !== null);
}

function applyRunOf(record: HostRunRecord, installRoot: string): ApplyRun | null {
  const { kind, install, method, step, steps, apply } = record.tags;
  if (kind !== 'apply' || install !== installRoot || !APPLY_METHOD_NAMES.includes(method as ApplyMethod)) return null;
  return {
    id: record.id,
    applyId: apply ?? null,
    method: method as ApplyMethod,
    commandIndex: Number(step) || 0,
    commandCount: Number(steps) || 1,
    argv: [record.command, ...record.args],
    state: record.state,
    exitCode: record.exitCode,
    signal: record.signal,
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    seen: record.seen,
    logPath: record.logPath,
  };
}

/**
 * One apply at a time per install (see ApplyGate, which calls this under its lock): a recorded run
 * still running is refused with how to attach to it.
 */
export function refuseRunning(runs: ApplyRun[], host: Host): void {
  const running = runs.find((run) => run.state === 'running');
  if (!running) return;
  throw new CoreError(
    'run-in-progress',
    `"${running.argv.join(' ')}" (run ${running.id}, started ${running.startedAt}) is still running on ${host.label} for this install; nothing new was started. Attach to it to follow it to its end.`,
    'problem',
    { runId: running.id, method: running.method, startedAt: running.startedAt, logPath: running.logPath },
    { command: `apply --attach ${running.id}` },
  );
}

/**
 * Follows an apply command started by another process (which died or lost its link) to its end,
 * then runs the method's remaining commands (`start` after `rebuild`) and re-reads the env file.
 * A remaining command is started under the same lock as an apply's (ApplyGate): a run of it that
 * another process started meanwhile is followed instead, any other apply running refuses it.
 * A run that already ended is read at once: its whole output and its exit status.
 * @throws CoreError `run-unknown` (unusable-input) for an id not recorded for this install,
 *   `no-run` (problem) when nothing is running or unseen.
 */
export async function attachApplyRun(host: Host, installDir: string, options: AttachApplyOptions): Promise<AttachedApplyResult> {
  const runs = await listApplyRuns(host, installDir);
  const run = chooseRun(runs, options.runId, host.label);
  const planned = await planApplyConfiguration(host, installDir, run.method);
  const sameShape = planned.commands.length === run.commandCount;
  const commands = sameShape ? planned.commands.map((command, index) => (index === run.commandIndex ? { argv: run.argv } : command)) : [{ argv: run.argv }];
  const plan = { ...planned, commands };
  const applyOptions: ApplyOptions = { ...options, method: run.method };
  const gate = openApplyGate(host, plan.cwd, { installDir, signal: options.signal });
  const log = options.logFilePath ? await openLog(options.logFilePath) : null;
  let steps;
  try {
    log?.write(`[runner] attaching to run ${run.id} (${run.method}, command ${run.commandIndex + 1} of ${run.commandCount}) in ${plan.cwd}`);
    steps = await runApplySteps(host, plan, {
      options: applyOptions,
      log,
      gate,
      firstIndex: sameShape ? run.commandIndex : 0,
      attachRunId: run.id,
      // Go on as the same apply: the process that started it may still be alive and start the next command too.
      applyId: run.applyId ?? newApplyId(),
      startedElsewhere: run.applyId
        ? undefined
        : (commandIndex, runs) => runs.find((other) => other.method === run.method && other.commandIndex === commandIndex && other.startedAt > run.startedAt)?.id,
    });
  } finally {
    await gate.release();
    await log?.close();
  }
  // What the env file said before that run is not known here: no cloud-communication-lost guess.
  const result = await completeApply(host, installDir, applyOptions, null, steps);
  return { ...result, attached: run };
}

function chooseRun(runs: ApplyRun[], runId: string | undefined, label: string): ApplyRun {
  if (runId !== undefined) {
    const found = runs.find((run) => run.id === runId);
    if (!found) throw new CoreError('run-unknown', `There is no apply run ${runId} for this install on ${label}${runs.length ? ` (recorded: ${runs.map((run) => run.id).join(', ')})` : ''}.`, 'unusable-input');
    return found;
  }
  const chosen = runs.find((run) => run.state === 'running') ?? runs.find((run) => !run.seen);
  if (!chosen) {
    throw new CoreError(
      'no-run',
      runs.length
        ? `No apply is running for this install on ${label}, and every recorded one was followed to its end (newest: ${runs[0]!.id}, give its id to read it again).`
        : `No apply run is recorded for this install on ${label}. Runs are recorded on a server reached over SSH; a run on this computer ends with its process.`,
      'problem',
    );
  }
  return chosen;
}

import { lookupEnv } from '../env-file';
import type { Host, HostOutputLine } from '../host';
import { ENV_KEYS, type InstallLocation } from '../install';
import { hostPath } from '../install/install-paths';
import { loadEnvFile } from '../install/install-status';
import { CoreError, type Problem } from '../shared';
import { openLog, type RunLog } from './apply-log';
import type { ApplyMethod } from './apply-methods';
import { openApplyGate } from './apply-gate';
import { newApplyId } from './apply-runs';
import { runApplySteps } from './apply-steps';

/** A line of output, tagged with the command (0-based index into `commands`) that printed it. */
export interface ApplyOutputLine extends HostOutputLine {
  commandIndex: number;
}

export interface ApplyOptions {
  method: ApplyMethod;
  /** Called for each output line as it arrives (stdout and stderr). */
  onLine?: (line: ApplyOutputLine) => void;
  /** Cancel: SIGTERM to the command's process group, SIGKILL after `killGraceMs`. */
  signal?: AbortSignal;
  /** Write the full timestamped log here (app's own file; stderr lines marked `ERR`). */
  logFilePath?: string;
  /** A command silent this long is taken to wait on a prompt and is stopped (default 60 s). */
  idleTimeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL (default 10 s). */
  killGraceMs?: number;
}

/** A command to run, as an argument array (never a shell string). */
export interface PlannedCommand {
  argv: string[];
}

export interface ApplyPlan {
  method: ApplyMethod;
  /** The folder commands run in (the install folder). */
  cwd: string;
  commands: PlannedCommand[];
  /** The user the commands run as when we are root (the owner of bwdata), or `null` for ourselves. */
  runAsUser: string | null;
}

export interface CommandRun {
  argv: string[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  cancelled: boolean;
  timedOut: boolean;
  spawnError?: string;
}

export type ApplyProblemCode = 'command-failed' | 'cancelled' | 'waiting-for-input' | 'root-prompt' | 'cloud-communication-lost' | 'run-in-progress';

export interface ApplyResult {
  method: ApplyMethod;
  /** Commands actually run, in order (a failed command stops the rest). */
  commands: CommandRun[];
  ok: boolean;
  /** The log file written, or `null`. */
  logFile: string | null;
  /** `globalSettings__enableCloudCommunication` re-read afterwards: true, false, or `null` when unreadable. */
  cloudCommunicationAfter: boolean | null;
  problems: Problem<ApplyProblemCode>[];
}


/**
 * Works out the exact commands for a method without running anything (for display and dry runs).
 * @throws CoreError `script-missing` (unusable-input) when bitwarden.sh/.ps1 is absent for
 *   restart/rebuild; the unusable-input codes of `locateInstall`.
 */
export async function planApplyConfiguration(host: Host, installDir: string, method: ApplyMethod): Promise<ApplyPlan> {
  // The services would read the env file the status refuses (NUL bytes, not UTF-8, too large,
  // unreadable): refuse it the same way here, before anything runs.
  const { location } = await loadEnvFile(host, installDir);
  const p = hostPath(host);
  const windows = host.platform === 'win32';
  if (method !== 'no-pull' && location.scriptPath === null) {
    throw new CoreError(
      'script-missing',
      `${windows ? 'bitwarden.ps1' : 'bitwarden.sh'} is not in ${location.installRoot}; choose the "no-pull" method or restore the script.`,
      'unusable-input',
    );
  }
  const script = (action: string): string[] =>
    windows ? ['powershell', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'bitwarden.ps1', `-${action}`] : ['./bitwarden.sh', action];

  let commands: string[][];
  let usesScript = true;
  if (method === 'restart') commands = [script('restart')];
  else if (method === 'rebuild') commands = [script('rebuild'), script('start')];
  else {
    usesScript = false;
    const dockerFolder = p.join(p.relative(location.installRoot, location.bwdataPath), 'docker');
    const argv = ['docker', 'compose', '-f', p.join(dockerFolder, 'docker-compose.yml')];
    const override = p.join(location.bwdataPath, 'docker', 'docker-compose.override.yml');
    if ((await host.stat(override))?.kind === 'file') argv.push('-f', p.join(dockerFolder, 'docker-compose.override.yml'));
    argv.push('up', '-d');
    commands = [argv];
  }

  let runAsUser: string | null = null;
  if (usesScript && !windows) {
    const prefix = await runAsOwnerPrefix(host, location);
    if (prefix) {
      runAsUser = prefix.user;
      commands = commands.map((argv) => [...prefix.argv, ...argv]);
    }
  }
  return { method, cwd: location.installRoot, commands: commands.map((argv) => ({ argv })), runAsUser };
}

/** bitwarden.sh asks a yes/no question when run as root; as root, run it as the owner of bwdata. */
async function runAsOwnerPrefix(host: Host, location: InstallLocation): Promise<{ argv: string[]; user: string } | null> {
  const identity = await host.identity();
  if (!identity.isRoot) return null;
  const stat = await host.stat(await host.resolveLinks(location.bwdataPath));
  if (!stat || stat.uid === 0) return null;
  const name = await host.userName(stat.uid);
  if (name) return { argv: ['runuser', '-u', name, '--'], user: name };
  // No passwd entry (e.g. a uid from a container): switch by number.
  return { argv: ['setpriv', `--reuid=${stat.uid}`, `--regid=${stat.gid}`, '--clear-groups'], user: `uid ${stat.uid}` };
}

/**
 * Makes the running Bitwarden pick up the edited env file, streaming the commands' output.
 *
 * - `restart`: `./bitwarden.sh restart`
 * - `rebuild`: `./bitwarden.sh rebuild`, then `./bitwarden.sh start`
 * - `no-pull`: `docker compose -f bwdata/docker/docker-compose.yml [-f …override.yml] up -d`
 *
 * On Windows the script is `powershell -NoProfile -ExecutionPolicy Bypass -File bitwarden.ps1 -restart` etc.
 * Commands run in the install folder with stdin closed; when core runs as root the script runs as
 * the owner of bwdata (`runuser -u OWNER -- ./bitwarden.sh …`). A command silent for
 * `idleTimeoutMs` is stopped as waiting on a prompt (`waiting-for-input`). Afterwards the env file
 * is re-read and `cloudCommunicationAfter` says whether cloud communication is still on.
 *
 * One apply at a time per install (ApplyGate): while another one runs, nothing starts.
 *
 * Never throws for a failing command: look at `ok` and `problems` (`command-failed`, `cancelled`,
 * `waiting-for-input`, `root-prompt`, `cloud-communication-lost`, and `run-in-progress` when another
 * apply started between this one's commands).
 * @throws the unusable-input CoreErrors of `planApplyConfiguration`; CoreError `run-in-progress`
 *   (problem) when another apply of the install runs: with `runId` when it is recorded, else naming
 *   the process that holds the apply lock (`holder`).
 */
export async function applyConfiguration(host: Host, installDir: string, options: ApplyOptions): Promise<ApplyResult> {
  const plan = await planApplyConfiguration(host, installDir, options.method);
  const gate = openApplyGate(host, plan.cwd, { installDir, signal: options.signal });
  let steps: { commands: CommandRun[]; problems: Problem<ApplyProblemCode>[] };
  let before: boolean | null;
  try {
    // Refused (another apply runs) before anything is read, logged or run.
    await gate.enter();
    before = await readCloudCommunication(host, installDir);
    steps = await runLogged(plan, options, (log) => runApplySteps(host, plan, { options, log, gate, firstIndex: 0, applyId: newApplyId() }));
  } finally {
    await gate.release();
  }
  return completeApply(host, installDir, options, before, steps);
}

async function runLogged<T>(plan: ApplyPlan, options: ApplyOptions, work: (log: RunLog | null) => Promise<T>): Promise<T> {
  const log = options.logFilePath ? await openLog(options.logFilePath) : null;
  try {
    log?.write(`[runner] method ${plan.method} in ${plan.cwd}${plan.runAsUser ? ` as ${plan.runAsUser}` : ''}`);
    return await work(log);
  } finally {
    await log?.close();
  }
}

/** Re-reads the env file after the commands and adds `cloud-communication-lost` when the key went. */
export async function completeApply(
  host: Host,
  installDir: string,
  options: Pick<ApplyOptions, 'method' | 'logFilePath'>,
  before: boolean | null,
  { commands, problems }: { commands: CommandRun[]; problems: Problem<ApplyProblemCode>[] },
): Promise<ApplyResult> {
  const after = await readCloudCommunication(host, installDir);
  if (before === true && after !== true && problems.length === 0) {
    problems.push({
      code: 'cloud-communication-lost',
      message: `${ENV_KEYS.enableCloudCommunication} is no longer true after ${options.method}. Enable cloud communication again, then restart.`,
    });
  }
  return {
    method: options.method,
    commands,
    ok: problems.length === 0,
    logFile: options.logFilePath ?? null,
    cloudCommunicationAfter: after,
    problems,
  };
}

export async function readCloudCommunication(host: Host, installDir: string): Promise<boolean | null> {
  try {
    const { document } = await loadEnvFile(host, installDir);
    return lookupEnv(document, ENV_KEYS.enableCloudCommunication)?.value.trim().toLowerCase() === 'true';
  } catch {
    return null;
  }
}

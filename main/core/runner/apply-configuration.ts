import { promises as fs } from 'node:fs';
import { lookupEnv, redactEnvLine } from '../env-file';
import type { Host, HostOutputLine, HostRunResult } from '../host';
import { ENV_KEYS, type InstallLocation } from '../install';
import { hostPath } from '../install/install-paths';
import { loadEnvFile } from '../install/install-status';
import { CoreError, type Problem } from '../shared';
import type { ApplyMethod } from './apply-methods';

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

export type ApplyProblemCode = 'command-failed' | 'cancelled' | 'waiting-for-input' | 'root-prompt' | 'cloud-communication-lost';

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

const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const DEFAULT_KILL_GRACE_MS = 10_000;
const ROOT_WARNING = /running as the root user/i;

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
 * Never throws for a failing command: look at `ok` and `problems` (`command-failed`, `cancelled`,
 * `waiting-for-input`, `root-prompt`, `cloud-communication-lost`).
 * @throws the unusable-input CoreErrors of `planApplyConfiguration`.
 */
export async function applyConfiguration(host: Host, installDir: string, options: ApplyOptions): Promise<ApplyResult> {
  const plan = await planApplyConfiguration(host, installDir, options.method);
  const before = await readCloudCommunication(host, installDir);
  const log = options.logFilePath ? await openLog(options.logFilePath) : null;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const commands: CommandRun[] = [];
  const problems: Problem<ApplyProblemCode>[] = [];

  try {
    log?.write(`[runner] method ${plan.method} in ${plan.cwd}${plan.runAsUser ? ` as ${plan.runAsUser}` : ''}`);
    for (const [commandIndex, { argv }] of plan.commands.entries()) {
      const display = argv.join(' ');
      log?.write(`[runner] $ ${display}`);
      let sawRootWarning = false;
      const result: HostRunResult = await host.run({
        command: argv[0]!,
        args: argv.slice(1),
        cwd: plan.cwd,
        signal: options.signal,
        idleTimeoutMs,
        killGraceMs: options.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
        onLine: (line) => {
          if (ROOT_WARNING.test(line.text)) sawRootWarning = true;
          log?.line(line);
          options.onLine?.({ ...line, commandIndex });
        },
      });
      const run: CommandRun = {
        argv,
        exitCode: result.exitCode,
        signal: result.signal,
        durationMs: result.durationMs,
        cancelled: result.cancelled,
        timedOut: result.timedOut,
        ...(result.spawnError !== undefined ? { spawnError: result.spawnError } : {}),
      };
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
  } finally {
    await log?.close();
  }

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

async function readCloudCommunication(host: Host, installDir: string): Promise<boolean | null> {
  try {
    const { document } = await loadEnvFile(host, installDir);
    return lookupEnv(document, ENV_KEYS.enableCloudCommunication)?.value.trim().toLowerCase() === 'true';
  } catch {
    return null;
  }
}

interface RunLog {
  write(text: string): void;
  line(line: HostOutputLine): void;
  close(): Promise<void>;
}

/** The log is the app's own file (not the install), so plain `fs` is right here. */
async function openLog(file: string): Promise<RunLog> {
  const handle = await fs.open(file, 'a', 0o600);
  const chunks: string[] = [];
  let pending = Promise.resolve();
  const flush = () => {
    if (chunks.length === 0) return;
    const text = chunks.splice(0).join('');
    // A full disk must not fail the apply itself; the log is a convenience.
    pending = pending.then(() => handle.write(text).then(() => undefined)).catch(() => undefined);
  };
  const push = (text: string) => {
    chunks.push(text);
    if (chunks.length >= 512) flush();
  };
  return {
    write: (text) => push(`${new Date().toISOString()} ${text}\n`),
    // Env-looking secrets (e.g. from `Setup -printenv`) are redacted before they reach the disk.
    line: (line) => push(`${new Date(line.at).toISOString()} ${line.stream === 'stderr' ? 'ERR' : 'OUT'} ${redactEnvLine(line.text)}\n`),
    close: async () => {
      flush();
      try {
        await pending;
      } finally {
        await handle.close();
      }
    },
  };
}

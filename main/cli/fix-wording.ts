import { CoreError, shellQuote, type ErrorFix } from '../core/shared';

/** What the CLI knows that core's hint may need, from the command's options and command line. */
export interface FixValues {
  installationId?: string;
  /** The command line that failed, as the admin can paste it again (URL credentials left out). */
  commandLine?: string;
}

/** The CLI's words for a core error's fix: the flag to run again with, or the command that answers it. */
export function cliFixText(fix: ErrorFix, values: FixValues = {}): string | null {
  if (fix.runAsOwner && fix.remote) {
    const { login } = fix.remote;
    return `The SSH login ${login} may not do this on the server. Log in as the user that owns bwdata, or let ${login} act as that user through sudo; then run: ${ownerCommandLine(fix, values)}`;
  }
  if (fix.runAsOwner) return `Run the CLI as the user that owns bwdata, or with sudo: ${ownerCommandLine(fix, values)}`;
  if (fix.flag) return `(run again with ${fix.flag})`;
  if (fix.command === 'license region') {
    return `Run \`sponsorship-setup license region --installation-id ${values.installationId ?? '<installation ID>'}\` to see which region knows it.`;
  }
  if (fix.command) return `Run \`sponsorship-setup ${fix.command}\`.`;
  return null;
}

/**
 * The command to run again as the owner: the very command that failed, else the one core named (on a
 * remote install with the flags that reach the same server after the command's name).
 */
function ownerCommandLine(fix: ErrorFix, values: FixValues): string {
  if (values.commandLine) return values.commandLine;
  const [name, ...rest] = (fix.command ?? 'status').split(' ');
  const flags = fix.remote?.flags.map((flag) => shellQuote(flag)) ?? [];
  return ['sponsorship-setup', name, ...flags, ...rest].join(' ');
}

/**
 * The error with the CLI's wording of its fix appended; other errors pass through unchanged. A
 * permission-denied's `command` (in --json) becomes the command line to run again as the owner.
 */
export function withCliFix(error: unknown, values: FixValues = {}): unknown {
  if (!(error instanceof CoreError) || !error.fix) return error;
  const text = cliFixText(error.fix, values);
  if (!text) return error;
  const details = error.fix.runAsOwner ? { ...error.details, command: ownerCommandLine(error.fix, values) } : error.details;
  // Worded once: the result carries no fix, so a second pass leaves it as it is.
  return new CoreError(error.code, `${error.message} ${text}`, error.outcome, details);
}

/** How the command reached a remote install: the flags that name it again (`--host …` or `--server NAME`) and the SSH login. */
export interface RemoteTarget {
  flags: readonly string[];
  login: string;
}

/**
 * A permission error on a remote install: on this computer neither another user nor sudo helps, so its
 * fix is about the SSH login, and the command to paste reaches the same server (worded by cliFixText).
 * Other errors pass through unchanged.
 */
export function withRemoteHint(error: unknown, remote: RemoteTarget): unknown {
  if (!(error instanceof CoreError) || error.code !== 'permission-denied' || !error.fix?.runAsOwner) return error;
  return new CoreError(error.code, error.message, error.outcome, error.details, { ...error.fix, remote });
}

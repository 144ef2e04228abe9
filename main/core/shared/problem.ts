/**
 * A finding or failure reported to the admin. `code` is a stable, documented contract
 * (scripts read it from `--json`); `message` says what happened and what to do.
 */
export interface Problem<Code extends string = string> {
  code: Code;
  message: string;
}

/** Why a CLI command or IPC call ended, mapped to the exit codes in DEVELOPERS.md. */
export type Outcome = 'ok' | 'problem' | 'unusable-input';

export const EXIT_CODE: Record<Outcome, 0 | 1 | 2> = {
  ok: 0,
  problem: 1,
  'unusable-input': 2,
};

/**
 * What fixes an error, for each surface to word itself (the CLI names a flag or command, the app its
 * controls), so core's message never speaks of one surface's buttons or flags.
 */
export interface ErrorFix {
  /** The CLI flag that does it, e.g. `--overwrite`. */
  flag?: string;
  /** The CLI command that answers it, without the program name, e.g. `license region`. */
  command?: string;
  /** The wizard step where the admin fixes it. */
  step?: string;
  /**
   * Run it again as the user that owns the install, or with sudo (permission denied). `command` then
   * names a command that shows the same failure (core does not know which command the admin ran).
   */
  runAsOwner?: boolean;
  /**
   * With runAsOwner on a remote install: the SSH login that was refused, and the flags that name the
   * server again (`--host …` or `--server NAME`), so the advice is about that login, not this computer.
   */
  remote?: { login: string; flags: readonly string[] };
}

/**
 * An error that crossed a capability boundary on purpose: carries a stable code and whether it
 * means "the input cannot be used" (exit 2, nothing changed) or "it ran and hit a problem" (exit 1).
 */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly outcome: Exclude<Outcome, 'ok'> = 'problem',
    readonly details?: Record<string, unknown>,
    readonly fix?: ErrorFix,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

import { CoreError, EXIT_CODE, redactUrlCredentials } from '../core/shared';
import type { ApiRouteChoice } from './route-options';
import type { EarlySsh } from './early-ssh';
import type { CliServiceOverrides } from './cli-services';

export type ExitCode = 0 | 1 | 2;

/**
 * What a command needs to talk to the admin. With `--json`, stdout carries exactly one JSON
 * document; progress and log lines always go to stderr so scripts can pipe stdout.
 */
export interface CliContext {
  json: boolean;
  /** A progress or log line for humans (stderr), prefixed by the caller with `[area]`. */
  log(line: string): void;
  /** The command's result: the JSON document with --json, else the text. */
  result(document: unknown, text: string): void;
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  /** The command's API route choice (`--route`, and the server for it), set before its action runs. */
  apiRoute?: ApiRouteChoice;
  /** Services an in-process caller (a test) replaced; the installed command never sets any. */
  services?: CliServiceOverrides;
  /** The `--host` login started before the argument parser loaded, for the command to claim. */
  earlySsh?: EarlySsh;
}

/** The streams and environment the CLI talks through: the process's, or a test's (like gh's IOStreams). */
export type CliIo = Pick<CliContext, 'env' | 'stdin' | 'stdout' | 'stderr'>;

export function processIo(): CliIo {
  return { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

export function createCliContext(json: boolean, io: CliIo = processIo(), services?: CliServiceOverrides): CliContext {
  return {
    json,
    services,
    // Credentials inside a URL (a proxy's user:password) never reach a log line.
    log: (line) => io.stderr.write(`${redactUrlCredentials(line)}\n`),
    result(document, text) {
      if (json) io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      else io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    ...io,
  };
}

/** Turns a failure into the exit code contract: 2 for unusable input (nothing changed), 1 otherwise. */
export function reportFailure(context: CliContext, error: unknown): ExitCode {
  if (error instanceof CoreError) {
    const exitCode = EXIT_CODE[error.outcome] as ExitCode;
    const message = redactUrlCredentials(error.message);
    if (context.json) {
      context.result({ ok: false, error: { code: error.code, message, ...redactedDetails(error.details) } }, '');
    }
    context.log(`error [${error.code}]: ${message}`);
    return exitCode;
  }
  const message = redactUrlCredentials(error instanceof Error ? error.message : String(error));
  if (context.json) context.result({ ok: false, error: { code: 'internal', message } }, '');
  context.log(`error: ${message}`);
  return 1;
}

/** Error details may quote what the admin typed (a URL, a command line); credentials in URLs are hidden. */
function redactedDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!details) return {};
  return JSON.parse(JSON.stringify(details, (_key, value: unknown) => (typeof value === 'string' ? redactUrlCredentials(value) : value))) as Record<string, unknown>;
}

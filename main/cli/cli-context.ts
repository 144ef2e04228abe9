import { CoreError, EXIT_CODE } from '../core/shared';

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
}

export function createCliContext(json: boolean): CliContext {
  return {
    json,
    log: (line) => process.stderr.write(`${line}\n`),
    result(document, text) {
      if (json) process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

/** Turns a failure into the exit code contract: 2 for unusable input (nothing changed), 1 otherwise. */
export function reportFailure(context: CliContext, error: unknown): ExitCode {
  if (error instanceof CoreError) {
    const exitCode = EXIT_CODE[error.outcome] as ExitCode;
    if (context.json) {
      context.result({ ok: false, error: { code: error.code, message: error.message, ...(error.details ?? {}) } }, '');
    }
    context.log(`error [${error.code}]: ${error.message}`);
    return exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (context.json) context.result({ ok: false, error: { code: 'internal', message } }, '');
  context.log(`error: ${message}`);
  return 1;
}

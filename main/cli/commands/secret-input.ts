import { CoreError, readUserFile } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { canPrompt, promptHidden } from '../prompt';

/** A secret from stdin: a hidden prompt on a terminal, else everything piped in (trimmed by the caller). */
export async function readSecretInput(context: CliContext, question: string): Promise<string> {
  const streams = { stdin: context.stdin, stderr: context.stderr };
  if (canPrompt(streams)) return promptHidden(question, streams);
  const chunks: Buffer[] = [];
  for await (const chunk of context.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const text = Buffer.concat(chunks).toString('utf8');
  // The first line only: `echo code | …` and files with a trailing newline both work.
  return text.split(/\r?\n/)[0] ?? '';
}

export function readPasswordEnv(context: CliContext, name: string): string {
  const value = context.env[name];
  if (value === undefined || value === '') throw passwordError(`The environment variable ${name} (--password-env) is not set or empty. Nothing was sent.`);
  return value;
}

/** A password file is a line; a pipe (`--password-file <(pass show bw)`) is allowed and read with a timeout. */
const PASSWORD_FILE_MAX_BYTES = 64 * 1024;
const PASSWORD_FIFO_TIMEOUT_MS = 10_000;

export async function readPasswordFile(file: string): Promise<string> {
  let text: string;
  try {
    const bytes = await readUserFile(file, 'password file (--password-file)', PASSWORD_FILE_MAX_BYTES, { fifoTimeoutMs: PASSWORD_FIFO_TIMEOUT_MS });
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    throw passwordError(`${(error as Error).message} Nothing was sent.`);
  }
  const first = text.split(/\r?\n/)[0] ?? '';
  if (!first) throw passwordError(`The first line of ${file} (--password-file) is empty. Nothing was sent.`);
  return first;
}

export function passwordError(message: string): CoreError {
  return new CoreError('master-password-unavailable', message, 'unusable-input');
}

import { CoreError } from '../core/shared';

/** The streams a prompt needs; the CLI passes its context's, tests pass fakes. */
export interface PromptStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (mode: boolean) => unknown };
  /** Questions go to stderr so stdout stays free for `--json`. */
  stderr: NodeJS.WritableStream;
}

/** True when someone can answer: stdin is a terminal that can switch off echo. */
export function canPrompt(streams: PromptStreams): boolean {
  return Boolean(streams.stdin.isTTY) && typeof streams.stdin.setRawMode === 'function';
}

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACES = new Set(['\u007f', '\b']);

/**
 * Asks a question on the terminal. With `hidden`, what is typed is not echoed (client secrets, master
 * passwords): the terminal is put in raw mode and nothing but the final newline is written back.
 * Ctrl-C / Ctrl-D on an empty answer cancel with `prompt-cancelled` (exit 2: nothing was changed).
 * The answer lives only in the returned string; callers must not log it.
 */
export async function promptLine(question: string, streams: PromptStreams, options: { hidden?: boolean } = {}): Promise<string> {
  if (!canPrompt(streams)) {
    throw new CoreError('no-terminal', `Cannot ask "${question.trim()}": stdin is not a terminal.`, 'unusable-input');
  }
  const { stdin, stderr } = streams;
  const hidden = Boolean(options.hidden);
  stderr.write(question);
  stdin.setRawMode!(true);
  stdin.resume();
  if ('setEncoding' in stdin && typeof stdin.setEncoding === 'function') stdin.setEncoding('utf8');

  return new Promise<string>((resolve, reject) => {
    let answer = '';
    // Inside an escape sequence (arrow keys, Home/End: ESC [ … final byte), which is no part of an answer.
    let escape: 'none' | 'start' | 'csi' = 'none';
    const finish = (error: Error | null) => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.setRawMode!(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const cancelled = () => new CoreError('prompt-cancelled', 'Cancelled at the prompt; nothing was changed.', 'unusable-input');
    const onEnd = () => finish(cancelled());
    const onData = (chunk: string | Buffer) => {
      // A paste arrives as one chunk: handle it character by character.
      for (const character of String(chunk)) {
        if (escape === 'start') {
          escape = character === '[' || character === 'O' ? 'csi' : 'none';
          continue;
        }
        if (escape === 'csi') {
          if (character >= '@' && character <= '~') escape = 'none';
          continue;
        }
        if (character === '\u001b') {
          escape = 'start';
          continue;
        }
        if (character === '\r' || character === '\n') return finish(null);
        if (character === CTRL_C || (character === CTRL_D && answer.length === 0)) return finish(cancelled());
        if (character === CTRL_D) return finish(null);
        if (BACKSPACES.has(character)) {
          if (answer.length > 0) {
            answer = Array.from(answer).slice(0, -1).join('');
            if (!hidden) stderr.write('\b \b');
          }
          continue;
        }
        if (character === CTRL_U) {
          if (!hidden) stderr.write('\b \b'.repeat(Array.from(answer).length));
          answer = '';
          continue;
        }
        // Other control characters (arrow-key escape sequences…) are not part of an answer.
        if (character < ' ') continue;
        answer += character;
        if (!hidden) stderr.write(character);
      }
    };
    stdin.on('data', onData);
    stdin.on('end', onEnd);
  });
}

/** Shorthand for a prompt that does not echo (secrets, master passwords). */
export function promptHidden(question: string, streams: PromptStreams): Promise<string> {
  return promptLine(question, streams, { hidden: true });
}

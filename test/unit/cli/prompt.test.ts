import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { canPrompt, promptHidden, promptLine } from '../../../main/cli/prompt';

/** A fake terminal: stdin that records raw-mode switches, stderr that records what was echoed. */
function fakeTerminal(isTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY, rawModes: [] as boolean[], setRawMode(mode: boolean) { stdin.rawModes.push(mode); return stdin; } });
  const stderr = new PassThrough();
  let echoed = '';
  stderr.on('data', (chunk: Buffer) => (echoed += chunk.toString('utf8')));
  return { stdin, stderr, echoed: () => echoed };
}

describe('CLI prompt', () => {
  it('a hidden prompt echoes nothing of the answer and restores the terminal', async () => {
    const terminal = fakeTerminal();
    const answer = promptHidden('client_secret: ', terminal);
    terminal.stdin.write('s3cr');
    terminal.stdin.write('et-x\u007f!\r');
    expect(await answer).toBe('s3cret-!');
    expect(terminal.echoed()).toBe('client_secret: \n');
    expect(terminal.stdin.rawModes).toEqual([true, false]);
  });

  it('a visible prompt echoes, handles backspace, and ignores control characters', async () => {
    const terminal = fakeTerminal();
    const answer = promptLine('client_id: ', terminal);
    terminal.stdin.write('user.ab\b\u001b[Dc\n');
    expect(await answer).toBe('user.ac');
    expect(terminal.echoed()).toContain('client_id: user.ab\b \b');
  });

  it('Ctrl-C cancels with exit-2 semantics, and so does end of input', async () => {
    const terminal = fakeTerminal();
    const cancelled = promptHidden('secret: ', terminal);
    terminal.stdin.write('abc\u0003');
    await expect(cancelled).rejects.toMatchObject({ code: 'prompt-cancelled', outcome: 'unusable-input' });
    const ended = promptHidden('secret: ', terminal);
    terminal.stdin.end();
    await expect(ended).rejects.toMatchObject({ code: 'prompt-cancelled' });
  });

  it('refuses to prompt when stdin is not a terminal', async () => {
    const terminal = fakeTerminal(false);
    expect(canPrompt(terminal)).toBe(false);
    await expect(promptHidden('secret: ', terminal)).rejects.toMatchObject({ code: 'no-terminal', outcome: 'unusable-input' });
  });
});

import { describe, expect, it } from 'vitest';
import { commandRunStatusText, type CommandRun } from '../../../main/core/runner';

const run = (fields: Partial<CommandRun>): CommandRun => ({
  argv: ['./bitwarden.sh', 'restart'],
  exitCode: null,
  signal: null,
  durationMs: 10,
  cancelled: false,
  timedOut: false,
  ...fields,
});

describe('commandRunStatusText', () => {
  it('says why a command could not start, before any exit code or signal', () => {
    expect(commandRunStatusText(run({ spawnError: 'ENOENT', exitCode: 1 }))).toBe('could not start (ENOENT)');
  });

  it('gives the exit code when the command exited, else the signal that stopped it', () => {
    expect(commandRunStatusText(run({ exitCode: 0 }))).toBe('exit 0');
    expect(commandRunStatusText(run({ exitCode: 3, signal: 'SIGTERM' }))).toBe('exit 3');
    expect(commandRunStatusText(run({ signal: 'SIGKILL' }))).toBe('signal SIGKILL');
  });
});

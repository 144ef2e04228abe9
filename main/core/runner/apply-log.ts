import { promises as fs } from 'node:fs';
import { redactEnvLine } from '../env-file';
import type { HostOutputLine } from '../host';

export interface RunLog {
  write(text: string): void;
  line(line: HostOutputLine): void;
  close(): Promise<void>;
}

/** The log is the app's own file (not the install), so plain `fs` is right here. */
export async function openLog(file: string): Promise<RunLog> {
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

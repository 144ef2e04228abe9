import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { vi } from 'vitest';
import type { CliServiceOverrides } from '../../main/cli/cli-services';

const root = path.join(__dirname, '../..');
export const CLI_ENTRY = path.join(root, 'out/cli/sponsorship-setup.mjs');

/**
 * Builds the CLI bundle when it is missing. `npm test` builds it before vitest starts; when running
 * vitest alone after changing main/, run `npm run build:cli` first (parallel workers must not rebuild).
 */
export function ensureCliBuilt(): void {
  if (existsSync(CLI_ENTRY)) return;
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build-cli.mjs')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`building the CLI failed: ${result.stderr}`);
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a child process, exactly as an admin would. */
export function runCliProcess(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; cwd?: string } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [CLI_ENTRY, ...args],
      { env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 60_000, cwd: options.cwd ?? root, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

/**
 * Runs the CLI in this process with some of its services replaced (e.g. the licensing certificate), capturing
 * what it writes to stdout and stderr. For what only a replaced service can show; the real-process contract
 * (exit codes, one JSON document) is covered by runCliProcess.
 */
export async function runCliInProcess(args: string[], services: CliServiceOverrides): Promise<CliRun> {
  const { runCli } = await import('../../main/cli/program');
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await runCli(args, { services });
    return { code, ...captured };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

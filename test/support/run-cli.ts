import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { CliServiceOverrides } from '../../main/cli/cli-services';
import { MemorySecretStore, type OpenedSecretStore } from '../../main/core/secrets';

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

/** A stream that keeps what is written to it, standing in for a non-TTY stdout/stderr. */
function capturingStream(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      done();
    },
  });
  // The CLI only writes and checks isTTY; a Writable stands in for the process's WriteStream.
  return { stream: Object.assign(stream, { isTTY: false }) as unknown as NodeJS.WriteStream, text: () => Buffer.concat(chunks).toString('utf8') };
}

/**
 * Runs the CLI in this process through `runCli(argv, { io, services })`: its own stdout/stderr, the
 * given environment and stdin text, and optionally some services replaced (e.g. the licensing
 * certificate). The real-process contract (exit codes, one JSON document) stays with runCliProcess.
 */
export async function runCliInProcess(
  args: string[],
  services: CliServiceOverrides = {},
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliRun> {
  const { runCli } = await import('../../main/cli/program');
  const stdout = capturingStream();
  const stderr = capturingStream();
  const stdin = Object.assign(Readable.from([options.input ?? '']), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const code = await runCli(args, { services, io: { env: { ...process.env, ...options.env }, stdin, stdout: stdout.stream, stderr: stderr.stream } });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * What `openSecretStore` gives a process without a Secret Service: a memory store and its reason, as a
 * service override, so an in-process run never touches this machine's keychain.
 */
export function noKeychain(): OpenedSecretStore {
  return {
    store: new MemorySecretStore(),
    persistent: false,
    reason: 'The system keychain is not available (no Secret Service in this test). Secrets are kept in memory only and must be entered again next time.',
  };
}

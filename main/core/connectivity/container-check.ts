import type { Host } from '../host/host';
import { CoreError } from '../shared';
import { redactUrlCredentials } from '../shared/shell-text';
import type { ContainerTestCommands, SyncContainer, TestCommand } from './format';

export interface ContainerCommandResult {
  container: SyncContainer;
  title: string;
  command: string;
  /** What a pass of this command proves. */
  proves: string;
  /** The target URL an HTTPS command requested; absent for the proxy-variable and DNS commands. */
  url?: string;
  measuredFrom: 'container';
  method: 'exec';
  /** `not-run`: docker could not be started on the host. */
  status: 'pass' | 'fail' | 'not-run';
  exitCode: number | null;
  /** What the result means, in words. */
  finding: string;
  /** The command's output (at most 20 lines), proxy credentials replaced by ***. */
  output: string[];
}

export interface ContainerCheckOptions {
  /** The admin agreed to run these commands inside the containers (they run as root there). */
  confirmed: boolean;
  signal?: AbortSignal;
  /** Budget per command; curl's own limit is 15 s. */
  timeoutMs?: number;
  onResult?: (result: ContainerCommandResult) => void;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const MAX_OUTPUT_LINES = 20;

/** curl's exit codes an admin meets here, in words. */
const CURL_EXIT_WORDS: Record<number, string> = {
  5: 'the proxy name does not resolve inside the container',
  6: 'the name does not resolve inside the container (Docker DNS)',
  7: 'the connection was refused or has no route from the container',
  28: 'no answer in time (a firewall dropping the traffic, or a proxy that does not answer)',
  35: 'the TLS handshake failed (a firewall filtering by name, or TLS inspection)',
  56: 'the proxy refused the tunnel, or the connection was reset',
  60: "the container does not trust the certificate (TLS inspection: put the inspection root into bwdata/ca-certificates)",
};

/**
 * Runs the container test commands (`docker exec bitwarden-api …`, `bitwarden-admin`) on the host, one container
 * at a time in parallel and each container's commands in order, and says what each result proves. Nothing runs
 * without the admin's confirmation.
 */
export async function runContainerTestCommands(
  host: Host,
  commands: ContainerTestCommands,
  options: ContainerCheckOptions,
): Promise<ContainerCommandResult[]> {
  if (options.confirmed !== true) {
    throw new CoreError('confirmation-required', 'Running the test commands inside the Bitwarden containers needs your confirmation first.', 'unusable-input');
  }
  const inContainers = commands.commands.filter((c): c is TestCommand & { where: SyncContainer; argv: string[] } => c.where !== 'host' && Boolean(c.argv));
  const byContainer = new Map<SyncContainer, typeof inContainers>();
  for (const c of inContainers) byContainer.set(c.where, [...(byContainer.get(c.where) ?? []), c]);
  const perContainer = await Promise.all(
    [...byContainer.values()].map(async (list) => {
      const results: ContainerCommandResult[] = [];
      for (const c of list) {
        const result = await runOne(host, c, options);
        options.onResult?.(result);
        results.push(result);
      }
      return results;
    }),
  );
  return perContainer.flat();
}

async function runOne(host: Host, c: TestCommand & { where: SyncContainer; argv: string[] }, options: ContainerCheckOptions): Promise<ContainerCommandResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const [command, ...args] = c.argv;
  const limit = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const run = await host.run({
    command: command!,
    args,
    cwd: '/',
    signal: options.signal ? AbortSignal.any([options.signal, limit]) : limit,
    killGraceMs: 1000,
    onLine: (line) => (line.stream === 'stdout' ? stdout : stderr).push(redactUrlCredentials(line.text)),
  });
  const base = {
    container: c.where, title: c.title, command: c.command, proves: c.proves, url: c.url, measuredFrom: 'container' as const, method: 'exec' as const,
  };
  const output = [...stdout, ...stderr].slice(0, MAX_OUTPUT_LINES);
  if (run.spawnError) {
    return { ...base, status: 'not-run', exitCode: null, finding: `docker could not run on ${host.label} (${run.spawnError})`, output };
  }
  const judged = judgeContainerCommand(c.kind, run.exitCode, stdout, stderr, run.cancelled);
  return { ...base, ...judged, exitCode: run.exitCode, output };
}

/** Decides one command's result from its exit code and output. */
export function judgeContainerCommand(
  kind: TestCommand['kind'],
  exitCode: number | null,
  stdout: string[],
  stderr: string[],
  cancelled = false,
): { status: 'pass' | 'fail'; finding: string } {
  const daemon = stderr.find((l) => /No such container|is not running|Cannot connect to the Docker daemon|permission denied/i.test(l));
  if (daemon) return { status: 'fail', finding: `docker exec failed: ${daemon.trim()}` };
  if (cancelled || exitCode === null) return { status: 'fail', finding: 'stopped: no result within the time limit' };
  switch (kind) {
    case 'proxy-env':
      if (exitCode === 1 && stdout.length === 0) return { status: 'pass', finding: 'no proxy variables: the container connects directly' };
      if (exitCode === 0) return { status: 'pass', finding: `proxy variables: ${stdout.map((l) => l.trim()).join(', ')}` };
      return { status: 'fail', finding: `could not read the environment (exit ${exitCode})` };
    case 'dns':
      if (exitCode === 0) return { status: 'pass', finding: `resolves: ${stdout.map((l) => l.trim().replace(/\s+/g, ' ')).join('; ')}` };
      return { status: 'fail', finding: `the container cannot resolve ${exitCode === 2 ? 'the names (getent exit 2)' : `the names (exit ${exitCode})`}` };
    case 'https': {
      const code = /^(\d{3})\b/.exec(stdout[0] ?? '')?.[1];
      if (exitCode === 0 && code === '200') return { status: 'pass', finding: `HTTP 200 in ${stdout[0]?.split(' ')[1] ?? '?'} (TLS done)` };
      if (exitCode === 0) return { status: 'fail', finding: `answered HTTP ${code ?? '?'} instead of 200 (a proxy or gateway answered?)` };
      const said = stderr.find((l) => l.startsWith('curl:'))?.trim();
      return { status: 'fail', finding: `curl exit ${exitCode}: ${CURL_EXIT_WORDS[exitCode] ?? 'see the output'}${said ? ` (${said})` : ''}` };
    }
  }
}

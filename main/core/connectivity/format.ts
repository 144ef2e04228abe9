import { redactUrlCredentials } from '../shared';
import { MEASURED_FROM_WORDS, METHOD_WORDS, VERDICT_TITLES } from './remediation';
import { shellQuote } from '../shared/shell-text';
import type { ContainerCommandResult } from './container-check';
import { defaultTargets, type Target } from './targets';
import type { ConnectivityReport, Region, StageResult, StageStatus, TargetReport } from './types';

const STATUS_LABEL: Record<StageStatus, string> = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skipped: 'SKIP' };

/** "[PASS] tcp      12 ms  127.0.0.1 connected in 1 ms" — one stage, for the CLI and the copyable report. */
export function formatStageLine(stage: StageResult): string {
  const ms = stage.status === 'skipped' ? '' : `${stage.ms} ms`;
  return `[${STATUS_LABEL[stage.status]}] ${stage.name.padEnd(7)} ${ms.padStart(8)}  ${stage.detail}`;
}

/** "api.bitwarden.com:443 — ok (Reachable)" */
export function formatTargetHeading(target: TargetReport): string {
  return `${target.host}:${target.port} — ${target.verdict} (${VERDICT_TITLES[target.verdict]})${target.required ? '' : ' [informational]'}${
    target.failedStage ? `, failed at ${target.failedStage}` : ''
  }`;
}

/** Plain-text rendering of a report (CLI output and "Copy report for your network team"); contains no secrets. */
export function formatReportText(report: ConnectivityReport): string {
  const lines: string[] = [];
  lines.push(`Bitwarden cloud connectivity check — ${report.ok ? 'OK' : 'PROBLEMS FOUND'}`);
  lines.push(
    `Started ${report.startedAt}, took ${report.durationMs} ms; region ${report.region.toUpperCase()}${report.appVersion ? `; Sponsorship Setup ${report.appVersion}` : ''}`,
  );
  lines.push(`Proxy: ${report.proxy.url ? redactUrlCredentials(report.proxy.url) + ' — ' : ''}${report.proxy.detail}`);
  lines.push('');
  lines.push(report.summary);
  for (const target of report.targets) {
    lines.push('');
    lines.push(formatTargetHeading(target));
    lines.push(`  ${target.url}`);
    lines.push(`  Measured from ${MEASURED_FROM_WORDS[target.measuredFrom]} (${METHOD_WORDS[target.method]})`);
    for (const stage of target.stages) lines.push(`  ${formatStageLine(stage)}`);
    if (target.verdict !== 'ok') {
      lines.push(`  For the admin: ${target.remediation.admin}`);
      lines.push(`  For the network team: ${target.remediation.network}`);
    }
  }
  lines.push('');
  lines.push('Only HTTPS GET /alive requests were sent to these hosts; no keys, tokens or passwords.');
  return lines.join('\n');
}

export type TestCommandKind = 'https' | 'proxy-env' | 'dns';

export interface TestCommand {
  /** Where to run it: on the server's shell, or inside one of the Bitwarden containers. */
  where: 'host' | 'bitwarden-api' | 'bitwarden-admin';
  title: string;
  command: string;
  /** What it checks: an HTTPS answer, the proxy variables, or name resolution. */
  kind: TestCommandKind;
  /** What a result of this command proves, in words. */
  proves: string;
  /** The same command as an argument array, for running it (container commands only; the text is derived from it). */
  argv?: string[];
  /** The target URL an HTTPS command requests (so a screen can show its result beside that target's row). */
  url?: string;
}

export interface ContainerTestCommands {
  commands: TestCommand[];
  note: string;
}

export const SYNC_CONTAINERS = ['bitwarden-api', 'bitwarden-admin'] as const;
export type SyncContainer = (typeof SYNC_CONTAINERS)[number];

const CONTAINER_ROLE: Record<SyncContainer, string> = {
  'bitwarden-api': 'the daily sync runs here',
  'bitwarden-admin': 'the manual sync (System Administrator Portal) runs here',
};

const curlArgv = (url: string) => ['curl', '-sS', '--connect-timeout', '5', '-m', '15', '-o', '/dev/null', '-w', '%{http_code} %{time_appconnect}s\\n', url];

function containerCommands(container: SyncContainer, targets: Target[]): TestCommand[] {
  const sync = container === 'bitwarden-api' ? 'the daily billing and license sync' : 'a manual sync from the System Administrator Portal';
  const make = (kind: TestCommandKind, title: string, inside: string[], proves: string, url?: string): TestCommand => {
    const argv = ['docker', 'exec', container, ...inside];
    return { where: container, kind, title, command: argv.map(shellQuote).join(' '), argv, proves, url };
  };
  return [
    make('proxy-env', `Proxy variables inside ${container} (${CONTAINER_ROLE[container]})`, ['sh', '-c', 'env | grep -i _proxy'],
      `which proxy ${sync} uses (none: it connects directly)`),
    make('dns', `DNS inside ${container}`, ['getent', 'hosts', ...targets.map((t) => t.host).slice(0, 2)],
      `that the container's own resolver (Docker's DNS) finds the cloud names ${sync} needs`),
    // Inside the container curl uses the container's own HTTPS_PROXY, as the .NET services do.
    ...targets.filter((x) => x.required).map((t) =>
      make('https', `${t.host} from inside ${container}`, curlArgv(t.url),
        `that ${sync} can reach ${t.host} over HTTPS from the container's network, DNS, proxy and CA bundle`, t.url)),
  ];
}

/**
 * Copy-ready commands for the admin to run on the Bitwarden server: from the host and from inside the containers
 * that sync (bitwarden-api: the daily sync; bitwarden-admin: the manual sync). A proxy's password is never
 * included; a placeholder stands in. `targets` replaces the default hosts of the region (custom `--url` runs).
 */
export function containerTestCommands(region: Region, proxy?: string, targets: Target[] = defaultTargets(region)): ContainerTestCommands {
  const proxyArg = proxy && proxy !== 'none' ? ` --proxy '${redactUrlCredentials(proxy.replace(/\/$/, ''), { placeholder: 'USER:PASSWORD', schemeless: true })}'` : '';
  const curl = (url: string, extra = '') =>
    `curl -sS --connect-timeout 5 -m 15${extra} -o /dev/null -w '%{http_code} %{time_appconnect}s\\n' ${url}`;
  const commands: TestCommand[] = targets.map((t) => ({
    where: 'host',
    kind: 'https',
    title: `From the server: ${t.host}`,
    command: curl(t.url, proxyArg),
    proves: `that the server itself reaches ${t.host} over HTTPS`,
    url: t.url,
  }));
  for (const container of SYNC_CONTAINERS) commands.push(...containerCommands(container, targets));
  return {
    commands,
    note:
      'Expect "200" for each. A pass in this app (or on the host) does not prove the containers can reach the cloud: ' +
      'Docker networks, the containers\' DNS and their proxy variables (bwdata/env/global.override.env) differ from the host. ' +
      'After changing global.override.env run ./bitwarden.sh restart.',
  };
}

/**
 * The container test commands as text, for `check` (CLI) and the app's copied/saved report: a heading,
 * each command under its title, then the note on why a pass on the host is not enough.
 */
export function formatContainerTestCommands(commands: ContainerTestCommands): string {
  return [
    'Test from the Bitwarden server and inside its containers (billing sync runs in bitwarden-api and bitwarden-admin):',
    ...commands.commands.map((c) => `  # ${c.title}\n  ${c.command}`),
    '',
    commands.note,
  ].join('\n');
}

const RESULT_LABEL: Record<ContainerCommandResult['status'], string> = { pass: 'PASS', fail: 'FAIL', 'not-run': 'SKIP' };

/** The container commands' results as text (`check --in-containers`): measured inside each container, with what a pass proves. */
export function formatContainerResults(results: ContainerCommandResult[]): string {
  const lines = ['Inside the containers (measured from the container, with its own tools: docker exec):'];
  for (const r of results) {
    lines.push(`  [${RESULT_LABEL[r.status]}] ${r.title}: ${r.finding}`);
    lines.push(`         ${r.status === 'pass' ? 'Proves' : 'Would prove'} ${r.proves}.`);
  }
  return lines.join('\n');
}

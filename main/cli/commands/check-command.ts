import { Option, type Command } from 'commander';
import { CoreError, redactUrlCredentials } from '../../core/shared';
import type { CheckVantage, ContainerTestCommands } from '../../core/connectivity';
import type { CliContext } from '../cli-context';
import { strictNumber } from '../option-values';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions, hostArgsText, withCommandHost, type CommandHost, type HostOptions } from '../host-options';

const TIMEOUT_RULE = { code: 'invalid-timeout', integer: true, min: 1, max: 120_000, unit: 'milliseconds' };

declare const __APP_VERSION__: string;

interface CheckCommandOptions extends HostOptions {
  region?: 'us' | 'eu';
  url?: string[];
  resolve?: string[];
  ca?: string;
  /** A URL with --proxy; `false` with --no-proxy; absent when neither was given. */
  proxy?: string | false;
  timeoutMs?: string;
  json?: boolean;
  writeProxyEnv?: boolean;
  dryRun?: boolean;
  inContainers?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerCheckCommand(program: Command, hooks: ProgramHooks): void {
  // Commander maps --proxy and --no-proxy onto one value (last one wins); remember which were typed so
  // giving both is a usage error instead of a silent choice.
  const proxyFlags = new Set<string>();
  const command = program
    .command('check')
    .description(
      'check that this machine reaches the Bitwarden cloud over HTTPS, stage by stage (proxy, DNS, TCP, proxy tunnel, TLS, HTTP, clock), ' +
        'and say what to ask the network team for',
    )
    .option('--bwdata <dir>', 'the Bitwarden install folder: its cloud region picks the hosts to check')
    .addOption(new Option('--region <region>', 'cloud region when no install is given (default: us)').choices(['us', 'eu']))
    .option('--url <url>', 'check this exact https:// URL instead of the default hosts (repeatable; any 2xx passes)', collect)
    .option('--resolve <host:address>', 'use this address for a host name, like curl --resolve (repeatable; IPv6 in brackets)', collect)
    .option('--ca <file>', 'also trust this root certificate (PEM) for this run')
    .option('--proxy <url>', 'probe through this HTTP proxy (http://[user:password@]host:port)')
    .option('--no-proxy', 'probe directly, ignoring HTTPS_PROXY')
    .option('--timeout-ms <n>', 'budget of every stage in milliseconds (defaults: DNS 5000, TCP 5000 per address, TLS 5000, HTTP 10000)')
    .option('--write-proxy-env', 'instead of checking: give --proxy to the containers (HTTPS_PROXY, HTTP_PROXY, NO_PROXY in global.override.env; needs --bwdata)')
    .option('--dry-run', 'with --write-proxy-env: print the diff and write nothing')
    .option(
      '--in-containers',
      'also run the container test commands inside bitwarden-api and bitwarden-admin (docker exec, on the Bitwarden host) and show their results; giving this flag is your confirmation',
    )
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nNothing but HTTPS GET requests to the listed hosts is sent: no keys, tokens or passwords.' +
        '\nExit codes: 0 every required host is reachable; 1 a problem was found; 2 bad arguments (nothing contacted).',
    );
  addHostOptions(command);
  command.on('option:proxy', () => proxyFlags.add('--proxy'));
  command.on('option:no-proxy', () => proxyFlags.add('--no-proxy'));

  defineAction<CheckCommandOptions>(command, hooks, async (options, context) => {
    const usage = (message: string) => new CoreError('invalid-arguments', message, 'unusable-input');
    if (proxyFlags.size > 1) throw usage('Give either --proxy URL or --no-proxy, not both.');
    if (options.writeProxyEnv) return writeProxyEnv(options, context, usage);
    if (options.dryRun) throw usage('--dry-run only goes with --write-proxy-env.');
    return withCommandHost(options, context, (target) => runCheck(options, context, vantageOf(target), target.bwdata), { bwdata: 'optional' });
  });
}

/** Where the check measures from: the Bitwarden host's network (a server over SSH), or this computer. */
function vantageOf(target: CommandHost): CheckVantage {
  return { host: target.host, measuredFrom: target.remote ? 'server' : 'this-computer' };
}

/**
 * The check from `vantage`: this computer, or a server (its Host) — then names resolve and connections open
 * there, `--resolve` addresses are dialled by the server, and without --proxy/--no-proxy the proxy is the one
 * the install gives its containers (HTTPS_PROXY in global.override.env).
 */
export async function runCheck(options: CheckCommandOptions, context: CliContext, vantage: CheckVantage, bwdata?: string): Promise<0 | 1> {
  const { runConnectivityCheck, formatReportText, containerTestCommands, formatContainerTestCommands, readTrustedRootFile } = await import(
    '../../core/connectivity'
  );
  // An unreadable or non-certificate --ca file is unusable input (exit 2, nothing contacted). It is a file on this computer.
  const ca = options.ca ? await readTrustedRootFile(options.ca, '--ca file') : undefined;
  const region = await regionFor(options, context, vantage, bwdata);
  const proxy = options.proxy === false ? 'none' : options.proxy;
  const env = await proxyEnvironment(options, context, vantage, bwdata);
  const controller = new AbortController();
  const onSignal = () => {
    context.log('[check] cancelling…');
    controller.abort(new CoreError('cancelled', 'The check was cancelled.', 'problem'));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let report;
  try {
    report = await runConnectivityCheck(
      {
        region,
        urls: options.url,
        resolve: options.resolve,
        ca,
        proxy,
        timeoutMs: options.timeoutMs === undefined ? undefined : strictNumber(options.timeoutMs, '--timeout-ms', TIMEOUT_RULE),
        appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev',
      },
      {
        signal: controller.signal,
        env,
        vantage,
        // "[check] api.bitwarden.com tls pass 34 ms TLSv1.3, …" as each stage finishes.
        onProgress: ({ target, stage }) =>
          context.log(`[check] ${hostOf(target)} ${stage.name} ${stage.status}${stage.status === 'skipped' ? '' : ` ${stage.ms} ms`} ${stage.detail}`),
      },
    );
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  // Commands for the server: the proxy the run used (credentials replaced by placeholders in the text).
  const containerCommands = containerTestCommands(report.region, report.proxy.url ? redactUrlCredentials(report.proxy.url) : undefined);
  const inContainers = options.inContainers ? await runInContainers(containerCommands, context, vantage, controller.signal) : undefined;
  const text = [
    formatReportText(report),
    '',
    formatContainerTestCommands(containerCommands),
    ...(inContainers ? ['', inContainers.text] : []),
  ].join('\n');
  context.result({ ...report, containerTestCommands: containerCommands, containerResults: inContainers?.results }, text);
  return report.ok && (inContainers?.ok ?? true) ? 0 : 1;
}

async function runInContainers(commands: ContainerTestCommands, context: CliContext, vantage: CheckVantage, signal: AbortSignal) {
  const { runContainerTestCommands, formatContainerResults } = await import('../../core/connectivity');
  context.log(`[check] running the container test commands on ${vantage.host.label} (docker exec bitwarden-api / bitwarden-admin)…`);
  const results = await runContainerTestCommands(vantage.host, commands, {
    confirmed: true, // the admin typed --in-containers
    signal,
    onResult: (r) => context.log(`[check] ${r.container} ${r.status} ${r.title}: ${r.finding}`),
  });
  return { results, ok: results.every((r) => r.status === 'pass'), text: formatContainerResults(results) };
}

/** Without --proxy/--no-proxy: this computer's environment, or on a server the install's own proxy variables. */
async function proxyEnvironment(options: CheckCommandOptions, context: CliContext, vantage: CheckVantage, bwdata: string | undefined): Promise<Record<string, string | undefined>> {
  if (vantage.measuredFrom === 'this-computer' || options.proxy !== undefined || !bwdata) return context.env;
  const { installProxyEnv } = await import('../../core/install');
  const env = await installProxyEnv(vantage.host, bwdata);
  context.log(`[check] proxy from the install's global.override.env: ${env.HTTPS_PROXY || env.https_proxy ? 'HTTPS_PROXY set' : 'none (direct)'}`);
  return env;
}

/** Region: the install's env file when --bwdata is given, else --region, else US (what Bitwarden assumes). */
async function regionFor(options: CheckCommandOptions, context: CliContext, vantage: CheckVantage, bwdata: string | undefined): Promise<'us' | 'eu'> {
  if (!bwdata) return options.region ?? 'us';
  const { readInstallStatus } = await import('../../core/install');
  const status = await readInstallStatus(vantage.host, bwdata);
  if (!status.cloudRegion) {
    context.log(`[check] the install sets no cloud region (Bitwarden assumes US); checking ${(options.region ?? 'us').toUpperCase()}`);
    return options.region ?? 'us';
  }
  const region = status.cloudRegion === 'EU' ? 'eu' : 'us';
  if (options.region && options.region !== region) {
    context.log(`[check] --region ${options.region} ignored: the install's cloud region is ${status.cloudRegion}`);
  }
  return region;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

async function writeProxyEnv(options: CheckCommandOptions, context: CliContext, usage: (message: string) => Error): Promise<0> {
  if (!options.bwdata && !options.server) throw usage('--write-proxy-env needs --bwdata DIR (the install whose containers get the proxy).');
  if (typeof options.proxy !== 'string') throw usage('--write-proxy-env needs --proxy URL (the proxy the containers should use).');
  if (options.url || options.resolve || options.ca || options.timeoutMs !== undefined) {
    throw usage('--write-proxy-env only takes --bwdata, --proxy, --dry-run and --json (it contacts nothing).');
  }
  if (options.inContainers) {
    throw usage('--in-containers goes with a check, not with --write-proxy-env.');
  }
  const [{ updateEnvValues }, { containerProxyEnv }] = await Promise.all([
    import('../../core/install'),
    import('../../core/connectivity'),
  ]);
  const entries = containerProxyEnv(options.proxy);
  const result = await withCommandHost(options, context, ({ host, bwdata }) =>
    updateEnvValues(host, bwdata, Object.fromEntries(entries.map((e) => [e.key, e.value])), { dryRun: Boolean(options.dryRun) }),
  );
  // The env editor redacts secret-named keys only; a proxy password sits inside a URL value, so redact those too.
  const diff = redactUrlCredentials(result.diff);
  const shownEntries = entries.map((e) => ({ key: e.key, value: e.key === 'NO_PROXY' ? e.value : redactUrlCredentials(e.value, { schemeless: true }) }));
  const lines: string[] = [];
  if (diff) lines.push(diff.trimEnd());
  if (!result.changed) lines.push(`The containers' proxy variables in ${result.file} already say this; nothing changed.`);
  else if (result.dryRun) lines.push(`Dry run: ${result.file} was not written.`);
  else {
    lines.push(
      `Wrote ${result.file}.`,
      `Backup: ${result.backup}`,
      `Apply it (the containers read these at start): sponsorship-setup apply ${hostArgsText(options)}`,
    );
  }
  for (const problem of result.problems) lines.push(`warning [${problem.code}]: ${problem.message}`);
  context.result({ ok: true, ...result, diff, entries: shownEntries }, lines.join('\n'));
  return 0;
}

import { Option, type Command } from 'commander';
import { CoreError, redactUrlCredentials } from '../../core/shared';
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
    return withCommandHost(options, context, (target) => runCheck(options, context, target), { bwdata: 'optional' });
  });
}

async function runCheck(options: CheckCommandOptions, context: CliContext, target: CommandHost): Promise<0 | 1> {
  const { runConnectivityCheck, formatReportText, containerTestCommands, formatContainerTestCommands, readTrustedRootFile } = await import(
    '../../core/connectivity'
  );
  // An unreadable or non-certificate --ca file is unusable input (exit 2, nothing contacted).
  const ca = options.ca ? await readTrustedRootFile(options.ca, '--ca file') : undefined;
  const region = await regionFor(options, context, target);
  if (target.remote) context.log(`[check] measured from this computer, not from ${target.host.label}: the check from the server's network is not wired into the CLI yet`);
  const proxy = options.proxy === false ? 'none' : options.proxy;
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
        ...(options.url ? { urls: options.url } : {}),
        ...(options.resolve ? { resolve: options.resolve } : {}),
        ...(ca ? { ca } : {}),
        ...(proxy ? { proxy } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: strictNumber(options.timeoutMs, '--timeout-ms', TIMEOUT_RULE) } : {}),
        appVersion: typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev',
      },
      {
        signal: controller.signal,
        env: context.env,
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
  const text = [formatReportText(report), '', formatContainerTestCommands(containerCommands)].join('\n');
  context.result({ ...report, containerTestCommands: containerCommands }, text);
  return report.ok ? 0 : 1;
}

/** Region: the install's env file when --bwdata is given, else --region, else US (what Bitwarden assumes). */
async function regionFor(options: CheckCommandOptions, context: CliContext, { host, bwdata }: CommandHost): Promise<'us' | 'eu'> {
  if (!bwdata) return options.region ?? 'us';
  const { readInstallStatus } = await import('../../core/install');
  const status = await readInstallStatus(host, bwdata);
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

import {
  containerTestCommands,
  formatContainerResults,
  formatContainerTestCommands,
  formatReportText,
  readTrustedRootFile,
  runConnectivityCheck,
  runContainerTestCommands,
  type CheckVantage,
  type ContainerTestCommands,
} from '../../core/connectivity';
import { installProxyEnv, readInstallStatus } from '../../core/install';
import { CoreError, redactUrlCredentials } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { withCommandHost, type CommandHost } from '../host-options';
import { strictNumber } from '../option-values';
import type { OptionsOf } from '../program';
import type { CheckCommand } from './check-command';
import { writeProxyEnv } from './check-write-proxy-env';

const TIMEOUT_RULE = { code: 'invalid-timeout', integer: true, min: 1, max: 120_000, unit: 'milliseconds' };

declare const __APP_VERSION__: string;

type CheckOptions = OptionsOf<CheckCommand>;

/** `check`, or with --write-proxy-env the containers' proxy variables; `bothProxyFlags`: --proxy and --no-proxy were both typed. */
export async function runCheckCommand(options: CheckOptions, context: CliContext, typed: { bothProxyFlags: boolean }): Promise<0 | 1> {
  const usage = (message: string) => new CoreError('invalid-arguments', message, 'unusable-input');
  if (typed.bothProxyFlags) throw usage('Give either --proxy URL or --no-proxy, not both.');
  if (options.writeProxyEnv) return writeProxyEnv(options, context, usage);
  if (options.dryRun) throw usage('--dry-run only goes with --write-proxy-env.');
  return withCommandHost(options, context, (target) => runCheck(options, context, vantageOf(target), target.bwdata), { bwdata: 'optional' });
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
async function runCheck(options: CheckOptions, context: CliContext, vantage: CheckVantage, bwdata?: string): Promise<0 | 1> {
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
  context.log(`[check] running the container test commands on ${vantage.host.label} (docker exec bitwarden-api / bitwarden-admin)…`);
  const results = await runContainerTestCommands(vantage.host, commands, {
    confirmed: true, // the admin typed --in-containers
    signal,
    onResult: (r) => context.log(`[check] ${r.container} ${r.status} ${r.title}: ${r.finding}`),
  });
  return { results, ok: results.every((r) => r.status === 'pass'), text: formatContainerResults(results) };
}

/** Without --proxy/--no-proxy: this computer's environment, or on a server the install's own proxy variables. */
async function proxyEnvironment(options: CheckOptions, context: CliContext, vantage: CheckVantage, bwdata: string | undefined): Promise<Record<string, string | undefined>> {
  if (vantage.measuredFrom === 'this-computer' || options.proxy !== undefined || !bwdata) return context.env;
  const env = await installProxyEnv(vantage.host, bwdata);
  context.log(`[check] proxy from the install's global.override.env: ${env.HTTPS_PROXY || env.https_proxy ? 'HTTPS_PROXY set' : 'none (direct)'}`);
  return env;
}

/** Region: the install's env file when --bwdata is given, else --region, else US (what Bitwarden assumes). */
async function regionFor(options: CheckOptions, context: CliContext, vantage: CheckVantage, bwdata: string | undefined): Promise<'us' | 'eu'> {
  if (!bwdata) return options.region ?? 'us';
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

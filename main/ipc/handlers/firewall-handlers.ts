import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  containerProxyEnv, containerTestCommands, defaultTargets, formatContainerTestCommands, formatReportText, plannedContacts, readTrustedRootFile,
  runConnectivityCheck, STAGE_NAMES, VERDICT_TITLES,
  type ConnectivityOptions, type EnvEntry,
} from '../../core/connectivity';
import { installProxyEnv, updateEnvValues } from '../../core/install';
import { CoreError, redactUrlCredentials } from '../../core/shared';
import { EVENTS, INVOKE } from '../channels';
import type { FirewallPlan, FirewallPlannedTarget, FirewallRunResult } from '../contracts/firewall-contract';
import type { ParsedRequestOf } from '../contracts';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { createTrust, installFolder, type Trust } from '../trust';
import type { ValueOf } from '../channels';
import type { FIREWALL_INVOKE } from '../channels/firewall-channels';
import { runInContainers } from './firewall-containers';

type FirewallChannels = ValueOf<typeof FIREWALL_INVOKE>;

type CheckRequest = ParsedRequestOf<typeof INVOKE.firewallPlan>;

/**
 * The Firewall check step. The last report is kept here (main), so copy and save write what the check
 * produced, not something the renderer sends back.
 */
export function firewallHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, FirewallChannels> {
  let lastReport: FirewallRunResult | null = null;
  const requireReport = (): FirewallRunResult => {
    if (!lastReport) throw new CoreError('no-report', 'Run the check first: there is no report yet.', 'unusable-input');
    return lastReport;
  };
  return {
    [INVOKE.firewallPlan]: async (request) => planFor(request, services, trust.hosts.current()?.label ?? null),
    [INVOKE.firewallRun]: async (request, context) => {
      const { operationId } = request;
      const signal = context.trackOperation(operationId);
      const ca = request.caFileId ? await readTrustedRootFile(trust.handles.filePath(request.caFileId, 'ca')) : undefined;
      const { version } = await services.appInfo();
      const options: ConnectivityOptions = {
        ...checkOptions(request),
        ca,
        timeoutMs: request.timeoutMs,
        appVersion: version,
      };
      // On a server the check runs from the server's network (names resolved there, connections opened
      // by it); this computer's proxy settings do not apply there.
      const server = trust.hosts.current();
      services.log(`[firewall] check started (${operationId}) from ${server ? server.label : 'this computer'}: region ${options.region}, ${options.urls?.length ? `${options.urls.length} custom target(s)` : 'default hosts'}`);
      const report = await runConnectivityCheck(options, {
        signal,
        env: server ? await serverProxyEnv(services, trust, options) : process.env,
        vantage: server ? { host: server.ssh, measuredFrom: 'server' } : undefined,
        resolveSystemProxy: server ? undefined : services.resolveSystemProxy,
        onProgress: ({ target, stage }) => context.emit(EVENTS.firewallStage, { operationId, target, stage }),
      });
      const result: FirewallRunResult = {
        ...report,
        operationId,
        containerTestCommands: containerTestCommands(report.region, report.proxy.url),
      };
      lastReport = result;
      services.log(`[firewall] check finished (${operationId}): ${report.targets.map((t) => `${t.host}:${t.port} ${t.verdict}`).join(', ')}`);
      return result;
    },
    [INVOKE.firewallContainerCommands]: async ({ region, proxy }) =>
      containerTestCommands(region, proxy && proxy !== 'none' ? redactUrlCredentials(proxy, { schemeless: true }) : undefined),
    [INVOKE.firewallRunInContainers]: async (request, context) => runInContainers(request, context, services, trust),
    [INVOKE.firewallPlanProxyEnv]: async ({ installId, proxy }) => {
      const folder = await installFolder(services, trust, installId, 'read');
      const entries = containerProxyEnv(proxy);
      const plan = await updateEnvValues(services.host, folder, toRecord(entries), { dryRun: true });
      return { changed: plan.changed, file: plan.file, diff: redactUrlCredentials(plan.diff), problems: plan.problems, entries: shownEntries(entries) };
    },
    [INVOKE.firewallWriteProxyEnv]: async ({ installId, proxy, confirmedDiff }) => {
      const folder = await installFolder(services, trust, installId, 'write');
      const entries = containerProxyEnv(proxy);
      // What is written must be what the admin saw; the core write itself refuses a file that changes
      // between its own read and write (changed-during-edit).
      const now = await updateEnvValues(services.host, folder, toRecord(entries), { dryRun: true });
      if (redactUrlCredentials(now.diff) !== confirmedDiff) {
        throw new CoreError(
          'changed-during-edit',
          `${now.file} changed since the diff was shown. Nothing was written; look at the new diff and confirm again.`,
          'problem',
          { path: now.file },
        );
      }
      const result = await updateEnvValues(services.host, folder, toRecord(entries));
      services.log(`[firewall] proxy variables for the containers in ${result.file}: ${result.changed ? `written, backup ${result.backup}` : 'already set'}`);
      return { ...result, diff: redactUrlCredentials(result.diff), entries: shownEntries(entries) };
    },
    [INVOKE.firewallSaveReport]: async ({ format }) => {
      const report = requireReport();
      const stamp = report.startedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
      const file = await services.dialogs.saveFile({
        title: format === 'json' ? 'Save the connectivity report (JSON)' : 'Save the connectivity report (text)',
        defaultPath: path.join(services.paths.downloads, `bitwarden-connectivity-${stamp}.${format === 'json' ? 'json' : 'txt'}`),
      });
      if (!file) return { saved: false, path: null };
      const content = format === 'json' ? `${JSON.stringify(reportDocument(report), null, 2)}\n` : `${firewallReportText(report)}\n`;
      await fs.writeFile(file, content, 'utf8');
      services.log(`[firewall] report saved to ${file}`);
      return { saved: true, path: file };
    },
    [INVOKE.firewallCopyReport]: async () => {
      services.clipboard.writeText(firewallReportText(requireReport()));
      return { copied: true };
    },
    [INVOKE.firewallPickCaFile]: async () => {
      const file = await services.dialogs.pickFile({ title: 'Choose a root certificate (PEM) to trust for this check', extensions: ['pem', 'crt', 'cer'] });
      return { file: file ? trust.handles.issueFile(file, 'ca', 'dialog') : null };
    },
  };
}

/**
 * On a server, without a proxy given: the proxy the install gives its containers (HTTPS_PROXY in its
 * global.override.env), as the server reaches it; none when no install was read there yet.
 */
async function serverProxyEnv(services: AppServices, trust: Trust, options: ConnectivityOptions): Promise<Record<string, string>> {
  const folder = trust.handles.latestInstallFolder();
  if (options.proxy !== undefined || !folder) return {};
  const env = await installProxyEnv(services.host, folder).catch(() => ({}) as Record<string, string>);
  services.log(`[firewall] proxy from the install's global.override.env on the server: ${env.HTTPS_PROXY || env.https_proxy ? 'HTTPS_PROXY set' : 'none (direct)'}`);
  return env;
}

function checkOptions(request: CheckRequest): ConnectivityOptions {
  const urls = request.urls?.map((u) => u.trim()).filter(Boolean);
  const resolve = request.resolve?.map((r) => r.trim()).filter(Boolean);
  const proxy = request.proxy?.trim();
  return {
    region: request.region,
    urls: urls?.length ? urls : undefined,
    resolve: resolve?.length ? resolve : undefined,
    proxy: proxy || undefined,
  };
}

function planFor(request: CheckRequest, services: AppServices, server: string | null): FirewallPlan {
  const options = checkOptions(request);
  // In the app the system settings (incl. PAC) decide the proxy at run time, not the environment; on a server, neither.
  const env = services.resolveSystemProxy || server ? {} : process.env;
  const contacts = plannedContacts(options, env); // validates URLs, pins and the proxy (unusable-input)
  const targets: FirewallPlannedTarget[] = options.urls
    ? options.urls.map((raw) => {
        const url = new URL(raw);
        return { url: url.href, host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 443, required: true, purpose: 'custom target' };
      })
    : defaultTargets(options.region).map(({ url, host, port, required, purpose }) => ({ url, host, port, required, purpose }));
  let proxyNote: string;
  if (options.proxy === 'none') proxyNote = 'Direct connections: no proxy.';
  else if (server && options.proxy) proxyNote = `From ${server}, through the proxy ${redactUrlCredentials(options.proxy, { schemeless: true })} as the server reaches it (HTTP CONNECT).`;
  else if (server) proxyNote = `Measured from ${server}'s own network, through the proxy the install gives its containers (HTTPS_PROXY in global.override.env) if it sets one, else directly.`;
  else if (options.proxy) proxyNote = `Through the proxy ${redactUrlCredentials(options.proxy, { schemeless: true })} (HTTP CONNECT).`;
  else if (services.resolveSystemProxy) {
    proxyNote = "The system's proxy settings (including a PAC script) are asked for each host when you press Run; the report names the proxy used.";
  } else if (contacts.some((c) => c.role === 'proxy')) proxyNote = 'Through the proxy in HTTPS_PROXY.';
  else proxyNote = 'Direct connections (no proxy configured).';
  return { region: options.region ?? 'us', targets, contacts, proxyNote, stageNames: [...STAGE_NAMES], verdictTitles: { ...VERDICT_TITLES } };
}

function toRecord(entries: EnvEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.key, e.value]));
}

function shownEntries(entries: EnvEntry[]): EnvEntry[] {
  return entries.map((e) => ({ key: e.key, value: e.key === 'NO_PROXY' ? e.value : redactUrlCredentials(e.value, { schemeless: true }) }));
}

/** The saved JSON: the `check --json` document (report + container commands). */
function reportDocument(report: FirewallRunResult): Omit<FirewallRunResult, 'operationId'> {
  const { operationId: _operationId, ...document } = report;
  return document;
}

/** The copyable/saved text: the report, then the commands to run on the server and why they matter. */
export function firewallReportText(report: FirewallRunResult): string {
  return [formatReportText(report), '', formatContainerTestCommands(report.containerTestCommands)].join('\n');
}


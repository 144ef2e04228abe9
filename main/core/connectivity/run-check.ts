import { createLocalHost } from '../host/local-host';
import { CoreError, redactUrlCredentials } from '../shared';
import { systemLookup } from './dns-stage';
import { hostLookup } from './host-lookup';
import { envValue, isExcludedByNoProxy, parseProxyUrl, proxyPort } from './proxy';
import { MEASURED_FROM_WORDS, VERDICT_TITLES } from './remediation';
import { probeTarget } from './stages/probe-target';
import type { ProbeContext } from './stages/stage-types';
import { parseResolvePins, stripBrackets, targetsFor } from './targets';
import {
  DEFAULT_BUDGETS,
  type ConnectivityOptions, type ConnectivityReport, type ReportProxy, type RunHooks, type StageBudgets, type TargetReport,
  type Verdict,
} from './types';

const MAX_TIMEOUT_MS = 120_000;

export function budgetsFor(options: Pick<ConnectivityOptions, 'timeoutMs'>): StageBudgets {
  const t = options.timeoutMs;
  if (t === undefined) return { ...DEFAULT_BUDGETS };
  if (!Number.isInteger(t) || t < 1 || t > MAX_TIMEOUT_MS) {
    throw new CoreError('invalid-timeout', `--timeout-ms must be a whole number from 1 to ${MAX_TIMEOUT_MS}.`, 'unusable-input');
  }
  return { dnsMs: t, tcpMs: t, connectMs: t, tlsMs: t, httpMs: t };
}

/** The whole run is bounded by one target's worst case (targets run in parallel) plus a small margin. */
export function runBudgetMs(budgets: StageBudgets): number {
  return budgets.dnsMs + budgets.tcpMs + budgets.connectMs + budgets.tlsMs + budgets.httpMs + 1000;
}

export { formatDuration } from './format-duration';

function reportProxy(options: ConnectivityOptions, hooks: RunHooks): ReportProxy {
  if (options.proxy === 'none') return { source: 'none', detail: 'direct: proxy disabled (--no-proxy)' };
  if (options.proxy) {
    const url = redactUrlCredentials(parseProxyUrl(options.proxy).href.replace(/\/$/, ''));
    return { source: 'explicit', url, detail: `explicit proxy ${url}` };
  }
  if (hooks.resolveSystemProxy) return { source: 'system', detail: 'system proxy settings (incl. PAC), decided per target' };
  const env = hooks.env ?? process.env;
  const fromEnv = envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'ALL_PROXY');
  if (!fromEnv) return { source: 'environment', detail: 'direct: no HTTPS_PROXY in the environment' };
  const url = redactUrlCredentials(fromEnv, { schemeless: true });
  const noProxy = envValue(env, 'NO_PROXY');
  return { source: 'environment', url, detail: `HTTPS_PROXY=${url}${noProxy ? `, NO_PROXY=${noProxy}` : ''}` };
}

const NO_PATH_VERDICTS = new Set<Verdict>(['dns-unavailable', 'timeout']);

export function summarise(targets: TargetReport[]): { ok: boolean; noOutboundPath: boolean; summary: string } {
  const required = targets.filter((t) => t.required);
  const failedRequired = required.filter((t) => t.verdict !== 'ok');
  const ok = failedRequired.length === 0;
  const noOutboundPath = targets.length > 0 && targets.every((t) => NO_PATH_VERDICTS.has(t.verdict));
  const needed = required.map((t) => t.host);
  const from = MEASURED_FROM_WORDS[targets[0]?.measuredFrom ?? 'this-computer'];
  if (noOutboundPath) {
    return {
      ok,
      noOutboundPath,
      summary:
        `This host has no outbound path: no name could be resolved or every connection was silently dropped. ` +
        `Billing sync cannot work until ${needed.join(' and ')} are allowed on port 443 (direct or via the proxy). ` +
        `Until then the license can still be handled offline (the License step).`,
    };
  }
  const informational = targets.filter((t) => !t.required && t.verdict !== 'ok');
  const infoNote = informational.length
    ? ` Informational: ${informational.map((t) => `${t.host} — ${VERDICT_TITLES[t.verdict]}`).join('; ')} (only mobile push needs it; it does not affect billing sync).`
    : '';
  if (ok) {
    return {
      ok,
      noOutboundPath,
      summary:
        `Network OK: ${needed.join(' and ')} are reachable from ${from}. If billing sync still fails, look at the server settings and logs — ` +
        `and test from the server and its containers with the commands below (a pass here does not prove the containers can reach the cloud).${infoNote}`,
    };
  }
  return {
    ok,
    noOutboundPath,
    summary:
      `${failedRequired.length} of ${required.length} required host${required.length === 1 ? '' : 's'} not reachable: ` +
      `${failedRequired.map((t) => `${t.host} — ${VERDICT_TITLES[t.verdict]} (at ${t.failedStage ?? '?'})`).join('; ')}. ` +
      `Billing sync cannot work until this is fixed; see each host's remediation.${infoNote}`,
  };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The connectivity check was cancelled.', 'AbortError');
}

/**
 * Probes every target in parallel, stage by stage, each stage within its budget and the whole run bounded.
 * Rejects only for unusable options (CoreError, exit 2) or when `signal` cancels the run (its abort reason).
 */
export async function runConnectivityCheck(options: ConnectivityOptions, hooks: RunHooks = {}): Promise<ConnectivityReport> {
  const budgets = budgetsFor(options);
  const targets = targetsFor(options);
  const pins = parseResolvePins(options.resolve);
  const proxy = reportProxy(options, hooks); // validates an explicit proxy before anything is contacted
  const startedAtMs = Date.now();
  const started = performance.now();
  if (hooks.signal?.aborted) throw abortError(hooks.signal);

  const controller = new AbortController();
  let deadline = false;
  const deadlineTimer = setTimeout(() => {
    deadline = true;
    controller.abort();
  }, runBudgetMs(budgets));
  const onUserAbort = () => controller.abort();
  hooks.signal?.addEventListener('abort', onUserAbort, { once: true });

  const vantage = hooks.vantage ?? { host: createLocalHost(), measuredFrom: 'this-computer' as const };
  const allowList = [...new Map(targets.map((t) => [`${t.host}:${t.port}`, { host: t.host, port: t.port, required: t.required }])).values()];
  const ctx: ProbeContext = {
    options,
    hooks,
    budgets,
    pins,
    signal: controller.signal,
    deadlineReached: () => deadline,
    allowList,
    now: hooks.now ?? Date.now,
    vantage,
    lookup: hooks.lookup ?? (vantage.measuredFrom === 'this-computer' ? systemLookup : hostLookup(vantage.host)),
  };
  try {
    const results = await Promise.all(targets.map((t) => probeTarget(t, ctx)));
    if (hooks.signal?.aborted) throw abortError(hooks.signal);
    const { ok, noOutboundPath, summary } = summarise(results);
    return {
      ok,
      appVersion: options.appVersion || undefined,
      startedAt: new Date(startedAtMs).toISOString(),
      finishedAt: new Date().toISOString(),
      durationMs: Math.round(performance.now() - started),
      region: options.region ?? 'us',
      proxy,
      targets: results,
      noOutboundPath,
      summary,
    };
  } finally {
    clearTimeout(deadlineTimer);
    hooks.signal?.removeEventListener('abort', onUserAbort);
  }
}

export interface PlannedContact {
  /** What is connected to: the target itself, or the proxy that tunnels to it. */
  host: string;
  port: number;
  role: 'target' | 'proxy';
  /** For a proxy: the targets it is asked to CONNECT to. For a target: its URL. */
  forTargets: string[];
  required: boolean;
}

/**
 * Exactly which hosts a run will contact (shown before Run: blocked egress can trip IDS alerts). With the app's
 * system proxy resolver the proxy is only known at run time; then targets are listed and the report's proxy
 * stage names the proxy actually used.
 */
export function plannedContacts(
  options: ConnectivityOptions,
  env: Record<string, string | undefined> = process.env,
): PlannedContact[] {
  const targets = targetsFor(options);
  const pins = parseResolvePins(options.resolve);
  const contacts = new Map<string, PlannedContact>();
  const add = (c: PlannedContact) => {
    const key = `${c.role}|${c.host}|${c.port}`;
    const existing = contacts.get(key);
    if (existing) {
      existing.forTargets.push(...c.forTargets);
      existing.required ||= c.required;
    } else contacts.set(key, c);
  };
  const envProxy = options.proxy ? undefined : envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'ALL_PROXY');
  const noProxy = envValue(env, 'NO_PROXY');
  for (const t of targets) {
    let proxyRaw: string | undefined;
    if (options.proxy && options.proxy !== 'none') proxyRaw = options.proxy;
    else if (envProxy && !isExcludedByNoProxy(t.host, t.port, noProxy)) proxyRaw = envProxy;
    if (proxyRaw) {
      const url = parseProxyUrl(proxyRaw);
      const host = stripBrackets(url.hostname);
      add({ host: pins.get(host.toLowerCase()) ?? host, port: proxyPort(url), role: 'proxy', forTargets: [t.url], required: t.required });
    } else {
      add({ host: pins.get(t.host.toLowerCase()) ?? t.host, port: t.port, role: 'target', forTargets: [t.url], required: t.required });
    }
  }
  return [...contacts.values()];
}

import net from 'node:net';
import { CoreError, redactUrlCredentials } from '../shared';
import { classifyDnsError, isSinkholeAddress, systemLookup } from './dns-stage';
import {
  describeTcpAttempt, htmlTitle, httpGet, parseAliveBody, proxyConnect, tcpAttempt, tlsHandshake, withBudget,
  type TcpAttempt,
} from './probes';
import { chooseProxy, envValue, isExcludedByNoProxy, parseProxyUrl, proxyPort, type ProxyChoice } from './proxy';
import { remediationFor, VERDICT_TITLES } from './remediation';
import { parseResolvePins, stripBrackets, targetsFor, type Target } from './targets';
import {
  CLOCK_SKEW_WARN_MS, DEFAULT_BUDGETS, STAGE_NAMES,
  type ConnectivityOptions, type ConnectivityReport, type LookupAddress, type ReportProxy, type RunHooks,
  type StageBudgets, type StageName, type StageResult, type StageStatus, type TargetReport, type Verdict,
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

interface RunContext {
  options: ConnectivityOptions;
  hooks: RunHooks;
  budgets: StageBudgets;
  pins: Map<string, string>;
  signal: AbortSignal;
  deadlineReached: () => boolean;
  allowList: Array<{ host: string; port: number; required: boolean }>;
  now: () => number;
}

class StageRecorder {
  readonly stages: StageResult[] = [];
  verdict: Verdict = 'ok';
  failedStage: StageName | undefined;
  private started = 0;

  constructor(
    private readonly target: Target,
    private readonly onProgress: RunHooks['onProgress'],
  ) {}

  begin(): void {
    this.started = performance.now();
  }

  record(name: StageName, status: StageStatus, detail: string, verdict?: Verdict): void {
    const ms = status === 'skipped' ? 0 : Math.round(performance.now() - this.started);
    const stage: StageResult = { name, status, ms, detail };
    this.stages.push(stage);
    if (status === 'fail' && !this.failedStage) {
      this.failedStage = name;
      this.verdict = verdict ?? 'http-unexpected';
    }
    try {
      this.onProgress?.({ target: this.target.url, stage });
    } catch (error) {
      // A broken progress listener must not break the check itself.
      console.warn('[connectivity] progress listener failed:', error);
    }
  }

  /** Marks every stage not yet recorded as skipped with the reason; a stage that did not run is never a pass. */
  skipRemaining(reason: string): void {
    for (const name of STAGE_NAMES) {
      if (!this.stages.some((s) => s.name === name)) this.record(name, 'skipped', reason);
    }
  }
}

function hostForUrl(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

async function probeTarget(target: Target, ctx: RunContext): Promise<TargetReport> {
  const rec = new StageRecorder(target, ctx.hooks.onProgress);
  const sockets: Array<{ destroy(): void }> = [];
  const { budgets } = ctx;
  const interrupted = (stage: StageName, what: string, verdict: Verdict) => {
    if (ctx.deadlineReached()) rec.record(stage, 'fail', `${what}: the run's overall time limit was reached`, verdict);
    else rec.record(stage, 'skipped', 'cancelled');
  };
  let proxyUrlForReport: string | undefined;
  let inspectionBy: string | undefined;
  try {
    // proxy
    rec.begin();
    let choice: ProxyChoice;
    try {
      choice = await chooseProxy(target, ctx.options.proxy, ctx.hooks.env ?? process.env, ctx.hooks.resolveSystemProxy);
      rec.record('proxy', choice.warning ? 'warn' : 'pass', choice.warning ? `${choice.detail}; ${choice.warning}` : choice.detail);
    } catch (error) {
      choice = { source: ctx.hooks.resolveSystemProxy ? 'system' : 'environment', detail: 'direct' };
      const message = error instanceof Error ? error.message : String(error);
      rec.record('proxy', 'warn', `could not determine the proxy (${message}); probing directly`);
    }
    const proxy = choice.url;
    if (proxy) proxyUrlForReport = redactUrlCredentials(proxy.href.replace(/\/$/, ''));
    const connectHost = proxy ? stripBrackets(proxy.hostname) : target.host;
    const connectPort = proxy ? proxyPort(proxy) : target.port;
    const failVerdict = (direct: Verdict): Verdict => (proxy ? 'proxy-failed' : direct);
    const proxyNote = proxy ? `proxy ${proxyUrlForReport}: ` : '';

    // dns
    rec.begin();
    let addresses: LookupAddress[];
    const pinned = ctx.pins.get(connectHost.toLowerCase());
    if (net.isIP(connectHost)) {
      addresses = [{ address: connectHost, family: net.isIPv6(connectHost) ? 6 : 4 }];
      rec.record('dns', 'skipped', `${proxyNote}${connectHost} is an IP address (no lookup)`);
    } else if (pinned) {
      addresses = [{ address: pinned, family: net.isIPv6(pinned) ? 6 : 4 }];
      rec.record('dns', 'skipped', `${proxyNote}${connectHost} pinned to ${pinned} by --resolve (not looked up)`);
    } else {
      const lookup = ctx.hooks.lookup ?? systemLookup;
      let lookupError: NodeJS.ErrnoException | undefined;
      const result = await withBudget(budgets.dnsMs, ctx.signal, () =>
        lookup(connectHost).catch((error: NodeJS.ErrnoException) => {
          lookupError = error;
          return [] as LookupAddress[];
        }),
      );
      if ('interrupt' in result) {
        if (result.interrupt === 'aborted') {
          interrupted('dns', `${proxyNote}looking up ${connectHost}`, failVerdict('dns-unavailable'));
        } else {
          rec.record(
            'dns',
            'fail',
            `${proxyNote}no answer for ${connectHost} within ${budgets.dnsMs} ms (no resolver answered)`,
            failVerdict('dns-unavailable'),
          );
        }
        return finish();
      }
      if (lookupError || result.value.length === 0) {
        const { verdict, explanation } = classifyDnsError(lookupError?.code ?? 'ENODATA');
        rec.record('dns', 'fail', `${proxyNote}${connectHost}: ${explanation}`, failVerdict(verdict));
        return finish();
      }
      addresses = result.value;
      const list = addresses.map((a) => a.address).join(', ');
      const sinkholeCheck = !proxy && !/(^|\.)localhost$/i.test(connectHost);
      if (sinkholeCheck && addresses.every((a) => isSinkholeAddress(a.address, target.expectAlive))) {
        rec.record(
          'dns',
          'fail',
          `${connectHost} → ${list}: a blocking (sinkhole) answer, not a public address — a DNS filter answers for this name`,
          'dns-sinkholed',
        );
        return finish();
      }
      rec.record(
        'dns',
        'pass',
        `${proxyNote}${connectHost} → ${list}${proxy ? ` (the proxy resolves ${target.host} itself)` : ''}`,
      );
    }

    // tcp: every address with its own budget, in parallel, so a dead IPv6 path is visible and bounded.
    rec.begin();
    const attempts: TcpAttempt[] = await Promise.all(
      addresses.map((a) => tcpAttempt(a.address, connectPort, budgets.tcpMs, ctx.signal)),
    );
    const connected = attempts.find((a) => a.outcome === 'connected');
    for (const a of attempts) if (a.socket && a !== connected) a.socket.destroy();
    const tcpDetail = `${proxyNote}port ${connectPort}: ${attempts.map((a) => describeTcpAttempt(a, budgets.tcpMs)).join('; ')}`;
    if (!connected) {
      if (ctx.signal.aborted) {
        interrupted('tcp', tcpDetail, failVerdict('timeout'));
        return finish();
      }
      const outcomes = new Set(attempts.map((a) => a.outcome));
      const direct: Verdict = outcomes.has('timeout') ? 'timeout' : outcomes.has('refused') ? 'refused' : 'unreachable';
      rec.record('tcp', 'fail', proxy ? `could not reach the proxy — ${tcpDetail}` : tcpDetail, failVerdict(direct));
      return finish();
    }
    const socket = connected.socket!;
    sockets.push(socket);
    rec.record('tcp', attempts.every((a) => a.outcome === 'connected') ? 'pass' : 'warn', tcpDetail);

    // connect (proxy tunnel)
    rec.begin();
    if (!proxy) {
      rec.record('connect', 'skipped', 'direct connection (no proxy)');
    } else {
      const authority = `${hostForUrl(target.host)}:${target.port}`;
      const auth = proxy.username
        ? Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')
        : undefined;
      const result = await withBudget(budgets.connectMs, ctx.signal, () => proxyConnect(socket, authority, auth), () => socket.destroy());
      if ('interrupt' in result) {
        if (result.interrupt === 'aborted') interrupted('connect', `CONNECT ${authority}`, 'proxy-failed');
        else {
          rec.record(
            'connect',
            'fail',
            `CONNECT ${authority}: the proxy did not answer within ${budgets.connectMs} ms (it may be waiting on a host it cannot reach)`,
            'proxy-failed',
          );
        }
        return finish();
      }
      const answer = result.value;
      const extras = [answer.squidError ? `X-Squid-Error: ${answer.squidError}` : '', answer.title ? `page title "${answer.title}"` : '']
        .filter(Boolean)
        .join(', ');
      const said = `CONNECT ${authority} → ${answer.statusLine ?? 'no answer'}${extras ? ` (${extras})` : ''}`;
      const code = answer.statusCode;
      if (answer.closedEarly || code === undefined) {
        rec.record('connect', 'fail', `CONNECT ${authority}: the proxy closed the connection without an answer`, 'proxy-failed');
        return finish();
      }
      if (code >= 200 && code < 300) {
        rec.record('connect', 'pass', said);
      } else if (code === 407) {
        rec.record('connect', 'fail', `${said} — the proxy requires authentication`, 'proxy-auth-required');
        return finish();
      } else if (code === 403 || code === 405 || /ERR_ACCESS_DENIED/.test(answer.squidError ?? '')) {
        rec.record('connect', 'fail', `${said} — the proxy denies this destination`, 'proxy-denied');
        return finish();
      } else {
        const reason = answer.squidError
          ? /ERR_DNS_FAIL/.test(answer.squidError)
            ? 'the proxy could not resolve the name'
            : /ERR_CONNECT_FAIL/.test(answer.squidError)
              ? 'the proxy could not connect to the host'
              : /ERR_CANNOT_FORWARD/.test(answer.squidError)
                ? 'the proxy could not forward the request (no usable address for the host: its name did not resolve at the proxy, or no route)'
                : 'the proxy could not forward the request'
          : 'the proxy could not reach the host (see its log for the cause)';
        rec.record('connect', 'fail', `${said} — ${reason}`, 'proxy-failed');
        return finish();
      }
    }

    // tls
    rec.begin();
    let handshaking: { destroy(): void } = socket;
    const tlsResult = await withBudget(
      budgets.tlsMs,
      ctx.signal,
      () =>
        tlsHandshake(socket, target.host, ctx.options.ca, ctx.now, (secure) => {
          handshaking = secure;
          sockets.push(secure);
        }),
      () => handshaking.destroy(),
    );
    if ('interrupt' in tlsResult) {
      if (tlsResult.interrupt === 'aborted') interrupted('tls', 'TLS handshake', 'timeout');
      else {
        rec.record(
          'tls',
          'fail',
          `the server accepted the TCP connection but did not complete the TLS handshake within ${budgets.tlsMs} ms`,
          'timeout',
        );
      }
      return finish();
    }
    const tlsOutcome = tlsResult.value;
    if (!tlsOutcome.judgement || !tlsOutcome.socket) {
      const reset = tlsOutcome.errorCode === 'ECONNRESET';
      rec.record(
        'tls',
        'fail',
        `handshake failed (${tlsOutcome.errorCode}: ${tlsOutcome.errorMessage})${reset ? ' — a reset during the handshake is typical of a firewall filtering by server name (SNI)' : ''}`,
        'tls-failed',
      );
      return finish();
    }
    const judgement = tlsOutcome.judgement;
    rec.record('tls', judgement.status, judgement.detail, judgement.verdict);
    inspectionBy = judgement.likelyInspectionBy;
    if (judgement.status === 'fail') return finish();

    // http
    rec.begin();
    const hostHeader = target.port === 443 ? hostForUrl(target.host) : `${hostForUrl(target.host)}:${target.port}`;
    const secure = tlsOutcome.socket;
    let httpError: Error | undefined;
    const httpResult = await withBudget(
      budgets.httpMs,
      ctx.signal,
      () => httpGet(secure, hostHeader, target.path, ctx.now).catch((error: Error) => {
        httpError = error;
        return undefined;
      }),
      () => secure.destroy(),
    );
    if ('interrupt' in httpResult) {
      if (httpResult.interrupt === 'aborted') interrupted('http', `GET ${target.path}`, 'timeout');
      else rec.record('http', 'fail', `GET ${target.path}: no answer within ${budgets.httpMs} ms`, 'timeout');
      return finish();
    }
    const response = httpResult.value;
    if (!response) {
      rec.record('http', 'fail', `GET ${target.path} failed: ${httpError?.message ?? 'connection closed'}`, 'http-unexpected');
      return finish();
    }
    const via = response.headers.via;
    const server = response.headers.server;
    const title = /html/i.test(String(response.headers['content-type'] ?? '')) || /<html/i.test(response.body) ? htmlTitle(response.body) : undefined;
    const serverTime = parseAliveBody(response.body);
    const facts = [
      `GET ${target.path} → ${response.statusCode}`,
      serverTime !== undefined ? `server time ${new Date(serverTime).toISOString()}` : '',
      title ? `page title "${title}"` : '',
      via ? `Via: ${via}` : '',
      server ? `Server: ${server}` : '',
    ].filter(Boolean);
    const twoXx = response.statusCode >= 200 && response.statusCode < 300;
    const expected = target.expectAlive ? response.statusCode === 200 && serverTime !== undefined : twoXx;
    if (!expected) {
      const why = twoXx
        ? 'the body is not the JSON date /alive answers'
        : `${via ? 'a proxy or gateway answered' : 'unexpected status'}${title ? ' (looks like a block page)' : ''}`;
      rec.record('http', 'fail', `${facts.join('; ')} — ${why}`, 'http-unexpected');
      return finish();
    }
    rec.record('http', via ? 'warn' : 'pass', via ? `${facts.join('; ')} — answered through a proxy or gateway` : facts.join('; '));

    // clock
    rec.begin();
    const dateHeader = response.headers.date ? Date.parse(response.headers.date) : NaN;
    const reference = serverTime ?? (Number.isFinite(dateHeader) ? dateHeader : undefined);
    if (reference === undefined) {
      rec.record('clock', 'skipped', 'the answer carried no server time');
    } else {
      const local = (response.sentAt + response.receivedAt) / 2;
      const skew = Math.round(local - reference);
      const source = serverTime !== undefined ? '/alive' : 'Date header';
      const text = `this computer is ${Math.abs(skew) < 1000 ? 'in step with' : `${formatDuration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'}`} the server (${source})`;
      if (Math.abs(skew) > CLOCK_SKEW_WARN_MS) rec.record('clock', 'warn', `${text} — more than 5 minutes: fix the time (NTP)`);
      else rec.record('clock', 'pass', text);
    }
    return finish();
  } finally {
    // Outermost (TLS) first, then the sockets under it.
    for (const s of sockets.reverse()) s.destroy();
  }

  // Declared as a function so every early exit builds the same report shape.
  function finish(): TargetReport {
    rec.skipRemaining(`not run: an earlier stage ${rec.failedStage ? `(${rec.failedStage}) failed` : 'ended the probe'}`);
    const ordered = STAGE_NAMES.map((name) => rec.stages.find((s) => s.name === name)!).filter(Boolean);
    return {
      url: target.url,
      host: target.host,
      port: target.port,
      required: target.required,
      verdict: rec.verdict,
      ...(rec.failedStage ? { failedStage: rec.failedStage } : {}),
      stages: ordered,
      remediation: remediationFor(rec.verdict, {
        host: target.host,
        port: target.port,
        allowList: ctx.allowList,
        ...(proxyUrlForReport ? { proxy: proxyUrlForReport } : {}),
        ...(inspectionBy ? { inspectionBy } : {}),
      }),
    };
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 2 * 3600_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 3600_000)} h`;
}

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
        `Network OK: ${needed.join(' and ')} are reachable from this computer. If billing sync still fails, look at the server settings and logs — ` +
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

  const allowList = [...new Map(targets.map((t) => [`${t.host}:${t.port}`, { host: t.host, port: t.port, required: t.required }])).values()];
  const ctx: RunContext = {
    options,
    hooks,
    budgets,
    pins,
    signal: controller.signal,
    deadlineReached: () => deadline,
    allowList,
    now: hooks.now ?? Date.now,
  };
  try {
    const results = await Promise.all(targets.map((t) => probeTarget(t, ctx)));
    if (hooks.signal?.aborted) throw abortError(hooks.signal);
    const { ok, noOutboundPath, summary } = summarise(results);
    return {
      ok,
      ...(options.appVersion ? { appVersion: options.appVersion } : {}),
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

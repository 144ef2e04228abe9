import type { Host } from '../host/host';

/** Public types of the firewall connectivity check. Reports are JSON-serialisable. */

export type Region = 'us' | 'eu';

/** The stages a target goes through, in order. `connect` is the proxy tunnel (only when a proxy is used). */
export const STAGE_NAMES = ['proxy', 'dns', 'tcp', 'connect', 'tls', 'http', 'clock'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** `skipped` = the stage did not run; a stage that did not run is never shown as `pass`. */
export type StageStatus = 'pass' | 'fail' | 'warn' | 'skipped';

/** One verdict per target; this exact vocabulary is a public contract (CLI `--json`, UI). */
export const VERDICTS = [
  'ok',
  'dns-failed',
  'dns-unavailable',
  'dns-sinkholed',
  'refused',
  'timeout',
  'unreachable',
  'proxy-denied',
  'proxy-auth-required',
  'proxy-failed',
  'tls-untrusted',
  'tls-expired',
  'tls-hostname-mismatch',
  'tls-failed',
  'http-unexpected',
  /** The vantage host lacks the tool the probe needed (e.g. curl when it forbids forwarding): nothing was judged. */
  'not-measured',
] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface StageResult {
  name: StageName;
  status: StageStatus;
  /** Wall time of the stage; 0 for skipped stages. */
  ms: number;
  /** One human-readable line (or a few, joined with "; "); never contains secrets. */
  detail: string;
}

export interface Remediation {
  /** What the Bitwarden admin can do. */
  admin: string;
  /** What to hand to the network/firewall team, including the exact allow-list. */
  network: string;
}

/** Whose network a target was measured from. */
export const MEASURED_FROM = ['this-computer', 'server', 'container'] as const;
export type MeasuredFrom = (typeof MEASURED_FROM)[number];

/**
 * How the connections were opened: `local` sockets of this computer; `forward` = the server opened them
 * (SSH direct-tcpip) and TLS/HTTP ran here over that stream; `exec` = the server's own tools (bash, curl) ran
 * there because it forbids forwarding (or inside a container).
 */
export const PROBE_METHODS = ['forward', 'exec', 'local'] as const;
export type ProbeMethod = (typeof PROBE_METHODS)[number];

export interface TargetReport {
  url: string;
  host: string;
  port: number;
  /** Informational targets (push relay) do not make the run fail. */
  required: boolean;
  verdict: Verdict;
  /** The first stage that failed, when the verdict is not `ok`. */
  failedStage?: StageName;
  stages: StageResult[];
  remediation: Remediation;
  measuredFrom: MeasuredFrom;
  method: ProbeMethod;
}

export type ProxySource = 'explicit' | 'none' | 'environment' | 'system';

export interface ReportProxy {
  source: ProxySource;
  /** Redacted (no user:password). Absent when going direct. */
  url?: string;
  detail: string;
}

export interface ConnectivityReport {
  ok: boolean;
  appVersion?: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  region: Region;
  proxy: ReportProxy;
  targets: TargetReport[];
  /** True when every target failed at dns-unavailable or timeout: this host has no outbound path. */
  noOutboundPath: boolean;
  summary: string;
}

export interface ConnectivityOptions {
  region?: Region;
  /** Custom URLs replace the default targets; each is probed exactly, and any 2xx passes HTTP. */
  urls?: string[];
  /** Pins `host` → `address` for every port, like curl's --resolve ("HOST:ADDRESS", IPv6 in brackets). */
  resolve?: string[];
  /** PEM text of extra roots trusted for this run only. */
  ca?: string;
  /** An explicit proxy URL, `'none'` for direct, or absent to use the environment / system resolver. */
  proxy?: string;
  /** Sets every stage's budget (DNS, TCP per address, CONNECT, TLS, HTTP). */
  timeoutMs?: number;
  appVersion?: string;
}

/** Result of `session.resolveProxy(url)` in Electron, e.g. `"PROXY host:port; DIRECT"`. */
export type SystemProxyResolver = (url: string) => Promise<string>;

export interface ProgressEvent {
  /** The target's URL (as in the report). */
  target: string;
  stage: StageResult;
}

/** Address answers of a lookup; tests inject a resolver pointed at a local dnsmasq. */
export interface LookupAddress {
  address: string;
  family: 4 | 6;
}
/** `signal` aborts a lookup the DNS stage gave up on (a remote `getent` is stopped, not left running). */
export type LookupFunction = (host: string, signal?: AbortSignal) => Promise<LookupAddress[]>;

/**
 * Whose network the check measures: this computer (default) or a server reached through its Host. From a
 * server, names are resolved there (`getent ahosts`) and every TCP connection is opened there (`Host.connect`);
 * TLS and HTTP still run in this process over that stream, with the same judges. A container has no forwarding:
 * its own getent, bash and curl measure (`docker exec`).
 */
export interface CheckVantage {
  host: Host;
  measuredFrom: MeasuredFrom;
}

export interface RunHooks {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  resolveSystemProxy?: SystemProxyResolver;
  /** Environment to read HTTPS_PROXY/NO_PROXY from (defaults to process.env). */
  env?: Record<string, string | undefined>;
  /** Test-only: replaces `dns.lookup` (errors carry `code` like ENOTFOUND / EAI_AGAIN). */
  lookup?: LookupFunction;
  /** Test-only: current time, for clock skew. */
  now?: () => number;
  /** Where to measure from; absent: this computer. */
  vantage?: CheckVantage;
}

export interface StageBudgets {
  dnsMs: number;
  tcpMs: number;
  connectMs: number;
  tlsMs: number;
  httpMs: number;
}

export const DEFAULT_BUDGETS: StageBudgets = { dnsMs: 5000, tcpMs: 5000, connectMs: 10_000, tlsMs: 5000, httpMs: 10_000 };

/** Clock skew past this is a warning (TOTP, token lifetimes and license dates depend on it). */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

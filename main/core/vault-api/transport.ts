import { fetch, type FormData } from 'undici';
import { ApiError, edgeBlockedError, edgeBlockPage, readServerError } from './api-error';
import { describeRouteTaken, type ApiRouteKind, type RouteTaken } from './api-route';
import { directRoute, type ApiRoute, type ApiRouteFactory, type RouteLeg } from './route-dispatchers';
import { causeChain, routeFailure } from './route-errors';

export interface TransportOptions {
  /** Extra trusted root (PEM) for a self-hosted server with a private CA; added to Node's roots, never replacing them. */
  extraCaPem?: string;
  /** Per-attempt budget for one HTTP exchange. */
  timeoutMs?: number;
  /** Retries (after the first attempt) for idempotent GETs on network errors, 5xx and 429. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry. */
  backoffMs?: number;
  /** Longest Retry-After we wait for on 429; a longer one fails with `vault-rate-limited`. */
  maxRetryAfterMs?: number;
  /** Where `[vault-api]` lines go; never receives bodies or headers. */
  log?: (line: string) => void;
  /** Test seam: how to wait. */
  sleep?: (ms: number) => Promise<void>;
  /** How connections open (direct, a system proxy, through the SSH server); default direct. TLS is verified here on every route. */
  route?: ApiRouteFactory;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  /** For messages and logs: e.g. "GET /accounts/profile" (no query values, which can be identifiers). */
  operation: string;
  headers?: Record<string, string>;
  body?: string | URLSearchParams | FormData;
  /** Overrides the transport default (e.g. license sync, which the server runs synchronously). */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

const DEFAULTS = { timeoutMs: 20_000, maxRetries: 2, backoffMs: 500, maxRetryAfterMs: 60_000 };
const RETRYABLE_GET_STATUSES = new Set([500, 502, 503, 504]);

/** One route (its dispatchers) per server so an extra CA applies to that server only. */
export class Transport {
  private readonly route: ApiRoute;
  private readonly options: Required<Omit<TransportOptions, 'extraCaPem' | 'log' | 'sleep' | 'route'>>;
  /** How the last request that got an answer (or failed on the way) went. */
  lastRouteTaken: RouteTaken | undefined;
  private readonly log: (line: string) => void;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: TransportOptions = {}) {
    this.options = {
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxRetries: options.maxRetries ?? DEFAULTS.maxRetries,
      backoffMs: options.backoffMs ?? DEFAULTS.backoffMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
    };
    this.log = options.log ?? (() => {});
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.route = (options.route ?? directRoute())({ ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}), timeoutMs: this.options.timeoutMs });
  }

  get routeKind(): ApiRouteKind {
    return this.route.kind;
  }

  async close(): Promise<void> {
    await this.route.close();
  }

  /**
   * Sends a request and returns any HTTP answer (the caller maps non-2xx). Throws ApiError only for
   * transport failures and for 429s we will not wait out.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const idempotent = request.method === 'GET';
    // Outside the retries: a route that cannot be used (no server connected, no proxy settings) fails as itself.
    const leg = await this.route.forUrl(request.url);
    this.lastRouteTaken = leg.taken;
    let attempt = 0;
    let rateLimitWaits = 0;
    for (;;) {
      let response: HttpResponse;
      try {
        response = await this.once(request, leg);
      } catch (error) {
        const apiError = routeFailure(error, request, leg.taken) ?? this.transportError(error, request, leg.taken);
        if (idempotent && attempt < this.options.maxRetries && apiError.code !== 'vault-tls-untrusted') {
          await this.backoff(request, ++attempt, apiError.code);
          continue;
        }
        throw apiError;
      }
      const edgePage = edgeBlockPage(response);
      if (edgePage !== undefined) throw edgeBlockedError(request, response.status, edgePage);
      if (response.status === 429) {
        // A 429 means the server did not run the request, so waiting it out is safe for any method.
        const waitMs = retryAfterMs(response.headers.get('retry-after'));
        const seconds = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
        if (waitMs !== undefined && waitMs <= this.options.maxRetryAfterMs && rateLimitWaits < this.options.maxRetries + 1) {
          rateLimitWaits += 1;
          this.log(`[vault-api] ${request.operation}: rate limited, waiting ${seconds ?? '?'} s as the server asked`);
          await this.sleep(waitMs);
          continue;
        }
        if (waitMs === undefined && idempotent && attempt < this.options.maxRetries) {
          await this.backoff(request, ++attempt, 'rate limited');
          continue;
        }
        const server = readServerError(response.text);
        throw new ApiError(
          'vault-rate-limited',
          `${request.operation}: the server is limiting requests${seconds ? ` and asks to wait ${seconds} s` : ''}. Try again later.`,
          { status: 429, operation: request.operation, ...server, ...(seconds !== undefined ? { retryAfterSeconds: seconds } : {}) },
        );
      }
      if (idempotent && RETRYABLE_GET_STATUSES.has(response.status) && attempt < this.options.maxRetries) {
        await this.backoff(request, ++attempt, `HTTP ${response.status}`);
        continue;
      }
      return response;
    }
  }

  private async once(request: HttpRequest, leg: RouteLeg): Promise<HttpResponse> {
    const timeoutMs = request.timeoutMs ?? this.options.timeoutMs;
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      dispatcher: leg.dispatcher,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    this.log(`[vault-api] ${request.operation} → ${response.status} (${describeRouteTaken(leg.taken)})`);
    return { status: response.status, headers: response.headers as unknown as Headers, text };
  }

  private async backoff(request: HttpRequest, attempt: number, reason: string): Promise<void> {
    const delay = this.options.backoffMs * 2 ** (attempt - 1);
    this.log(`[vault-api] ${request.operation}: ${reason}, retry ${attempt}/${this.options.maxRetries} in ${delay} ms`);
    await this.sleep(delay);
  }

  private transportError(error: unknown, request: HttpRequest, taken: RouteTaken): ApiError {
    const chain = causeChain(error);
    const codes = chain.map((e) => (e as { code?: string }).code).filter(Boolean) as string[];
    const names = chain.map((e) => (e as { name?: string }).name);
    const host = safeHost(request.url);
    const route = { route: taken.kind, routeTaken: describeRouteTaken(taken) };
    const via = taken.kind === 'direct' ? '' : ` (${route.routeTaken})`;
    if (names.includes('TimeoutError') || codes.includes('ETIMEDOUT') || codes.some((c) => c.startsWith('UND_ERR_') && c.includes('TIMEOUT'))) {
      return new ApiError('vault-timeout', `${request.operation}: ${host} did not answer in time${via}. Check the address and that the server is running.`, {
        status: 0,
        operation: request.operation,
        ...route,
      });
    }
    const tlsCode = codes.find((c) => TLS_ERROR_CODES.has(c) || c.startsWith('ERR_TLS') || c.startsWith('CERT_'));
    if (tlsCode) {
      return new ApiError(
        'vault-tls-untrusted',
        `${request.operation}: the certificate of ${host} is not trusted (${tlsCode})${via}. If the server uses a private CA, choose its CA certificate file.`,
        { status: 0, operation: request.operation, ...route },
      );
    }
    const netCode = codes.find((c) => !c.startsWith('UND_ERR')) ?? codes[0] ?? 'network error';
    return new ApiError('vault-unreachable', `${request.operation}: cannot reach ${host} (${netCode})${via}.`, {
      status: 0,
      operation: request.operation,
      ...route,
    });
  }
}

const TLS_ERROR_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

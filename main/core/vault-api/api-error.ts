import { CoreError } from '../shared';

/**
 * Stable codes for everything that can go wrong talking to a Bitwarden server.
 * - `vault-unreachable`: DNS, refused or reset connection.
 * - `vault-tls-untrusted`: the certificate is not trusted (wrong or missing extra CA) or names another host.
 * - `vault-timeout`: no answer within the call's time budget.
 * - `vault-sign-in-failed`: identity refused the personal API key or device data.
 * - `vault-unauthorized`: the API refused our token even after a fresh sign-in.
 * - `vault-not-found`: 404 — for owner-only routes Bitwarden also answers 404 when you are not an Owner.
 * - `vault-rate-limited`: 429 and the wait asked for is longer than we are willing to wait.
 * - `vault-edge-blocked`: a proxy, VPN or the cloud's bot protection answered (a non-JSON 403/429 page),
 *   so the request never reached Bitwarden.
 * - `vault-rejected`: any other 4xx (validation errors, wrong password, invalid license…).
 * - `vault-server-error`: 5xx.
 * - `vault-bad-response`: a 2xx whose body is not what the route documents.
 * - `license-too-large`: the upload would exceed the server's 51,200-byte request limit.
 * - `vault-route-refused`: the SSH server of the "through the server" route forbids TCP forwarding.
 * - `vault-proxy-refused`: the system proxy refused the CONNECT tunnel (407, 403, …).
 * Failures on a route other than direct carry `route` and `routeTaken` (its words) in the details.
 */
export type ApiErrorCode =
  | 'vault-unreachable'
  | 'vault-tls-untrusted'
  | 'vault-timeout'
  | 'vault-sign-in-failed'
  | 'vault-unauthorized'
  | 'vault-not-found'
  | 'vault-rate-limited'
  | 'vault-edge-blocked'
  | 'vault-rejected'
  | 'vault-server-error'
  | 'vault-bad-response'
  | 'license-too-large'
  | 'vault-route-refused'
  | 'vault-proxy-refused';

export class ApiError extends CoreError {
  declare readonly code: ApiErrorCode;

  constructor(
    code: ApiErrorCode,
    message: string,
    readonly info: {
      /** HTTP status, 0 when no response arrived. */
      status: number;
      /** What we were doing, e.g. "GET /accounts/profile". */
      operation: string;
      /** The server's own words, from Bitwarden's error JSON (`message`, `validationErrors`, `error_description`, `error`). */
      serverMessage?: string;
      /** OAuth error id from identity, e.g. `invalid_client`, `version_header_missing`. */
      serverError?: string;
      retryAfterSeconds?: number;
      /** The connection's route kind (`direct`, `system-proxy`, `server`) and how this request went, in words. */
      route?: string;
      routeTaken?: string;
    },
  ) {
    super(code, message, 'problem', { ...info });
    this.name = 'ApiError';
  }

  get status(): number {
    return this.info.status;
  }

  get serverMessage(): string | undefined {
    return this.info.serverMessage;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/**
 * Reads Bitwarden's error shapes:
 * - API: `{ message, validationErrors: { Field: [..] }, object: "error" }` (ErrorResponseModel);
 * - identity: `{ error, error_description, ErrorModel: { Message } }`.
 * Validation errors become "Field: text" — e.g. "MasterPasswordHash: Invalid password." — because the
 * generic `message` ("The model state is invalid.") tells the admin nothing.
 */
export function readServerError(body: string): { serverMessage?: string; serverError?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim();
    return text && text.length <= 300 && !text.startsWith('<') ? { serverMessage: text } : {};
  }
  if (!parsed || typeof parsed !== 'object') return {};
  const record = lowerKeys(parsed as Record<string, unknown>);
  const parts: string[] = [];
  const validation = record['validationerrors'];
  if (validation && typeof validation === 'object') {
    for (const [field, messages] of Object.entries(validation as Record<string, unknown>)) {
      const list = Array.isArray(messages) ? messages.map(String) : [String(messages)];
      for (const text of list) parts.push(field ? `${field}: ${text}` : text);
    }
  }
  const message = typeof record['message'] === 'string' ? record['message'] : undefined;
  const description = typeof record['error_description'] === 'string' ? record['error_description'] : undefined;
  const errorModel = record['errormodel'];
  const modelMessage =
    errorModel && typeof errorModel === 'object'
      ? (lowerKeys(errorModel as Record<string, unknown>)['message'] as string | undefined)
      : undefined;
  const serverError = typeof record['error'] === 'string' ? record['error'] : undefined;
  if (parts.length === 0) {
    const best = description ?? message ?? modelMessage ?? serverError;
    if (best) parts.push(best);
  }
  const serverMessage = parts.length > 0 ? parts.join(' ') : undefined;
  return { serverMessage: serverMessage || undefined, serverError: serverError || undefined };
}

function lowerKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}

/**
 * A 403 or 429 that Bitwarden did not write: Bitwarden answers errors as JSON (and its own rate limiter's
 * 429 as plain text without any of the marks below), while an edge in front of it (Cloudflare's bot
 * protection, a proxy, a VPN gateway) answers a text or HTML page such as `error code: 1020`.
 * Returns the page's first line (for the message), or undefined when the answer looks like Bitwarden's.
 */
export function edgeBlockPage(response: { status: number; headers: Headers; text: string }): string | undefined {
  if (response.status !== 403 && response.status !== 429) return undefined;
  const text = response.text.trim();
  if (text === '' || looksLikeJson(text)) return undefined;
  const cloudflare = /^error code: \d+/i.test(text) || (response.headers.get('server') ?? '').toLowerCase() === 'cloudflare' || response.headers.has('cf-ray');
  const html = text.startsWith('<');
  if (response.status === 429 && !cloudflare && !html) return undefined;
  const firstLine = html ? (/<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim() ?? 'an HTML page') : (text.split('\n')[0] ?? '').slice(0, 120);
  return firstLine;
}

function looksLikeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** What to tell the admin when an edge page answered instead of Bitwarden. */
export function edgeBlockedError(request: { operation: string; url: string }, status: number, page: string): ApiError {
  let host = 'the server';
  try {
    host = new URL(request.url).host;
  } catch {
    // keep the generic name
  }
  return new ApiError(
    'vault-edge-blocked',
    `${request.operation}: the request was stopped before it reached Bitwarden (HTTP ${status}, "${page}"): a proxy, a VPN or the cloud's bot protection in front of ${host} refused it. ` +
      'Try again from another network or without the VPN; ask the network team to let this computer reach the Bitwarden hosts directly (the Firewall check step shows which); if it persists, wait a few minutes and try again.',
    { status, operation: request.operation, serverMessage: page },
  );
}

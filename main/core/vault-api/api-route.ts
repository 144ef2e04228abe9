/**
 * Which way an API call travels to a Bitwarden server, chosen per connection (cloud, self-hosted):
 * - `direct`: from this computer's own network (the default);
 * - `system-proxy`: through the proxy the system names for that address (the CLI: HTTPS_PROXY /
 *   HTTP_PROXY / NO_PROXY; the app: the operating system's proxy settings);
 * - `server`: through the connected SSH server — it opens the TCP connection, TLS stays in this process.
 * Plain data only (no undici), so the IPC contract, the CLI's option parser and the renderer share it.
 */
export const API_ROUTE_KINDS = ['direct', 'system-proxy', 'server'] as const;
export type ApiRouteKind = (typeof API_ROUTE_KINDS)[number];

export function isApiRouteKind(value: unknown): value is ApiRouteKind {
  return typeof value === 'string' && (API_ROUTE_KINDS as readonly string[]).includes(value);
}

/** How one request actually went: the route and, for a proxy or a server, which one (never with credentials). */
export interface RouteTaken {
  kind: ApiRouteKind;
  /** `proxy.example:3128` for a proxy; the SSH server's label (`admin@bw1.example`) for the server route. */
  via?: string;
}

/** Words for logs, results and the screen: "direct", "through the system proxy proxy:3128", "through server bw1". */
export function describeRouteTaken(taken: RouteTaken): string {
  switch (taken.kind) {
    case 'direct':
      return 'direct';
    case 'system-proxy':
      return taken.via ? `through the system proxy ${taken.via}` : 'direct (the system proxy settings name no proxy for this address)';
    case 'server':
      return `through server ${taken.via ?? '(none connected)'}`;
  }
}

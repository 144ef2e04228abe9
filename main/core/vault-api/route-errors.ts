import { ApiError } from './api-error';
import { describeRouteTaken, type RouteTaken } from './api-route';
import type { HttpRequest } from './transport';

/**
 * Failures that belong to the route rather than to the Bitwarden server: the SSH server could not open the
 * connection (its reason, as Host.connect names it), or the system proxy refused the tunnel. Undefined for
 * anything else (the transport's own mapping applies). Every message names the route.
 */
export function routeFailure(error: unknown, request: HttpRequest, taken: RouteTaken): ApiError | undefined {
  const chain = causeChain(error);
  const target = targetOf(request.url);
  const route = { route: taken.kind, routeTaken: describeRouteTaken(taken) };
  const info = { status: 0, operation: request.operation, ...route };
  if (taken.kind === 'server') {
    const hostError = chain.find((e) => (e as { name?: string }).name === 'HostConnectError') as { code?: string } | undefined;
    if (!hostError) return undefined;
    const server = taken.via ?? 'the server';
    const code = hostError.code ?? 'ECONNRESET';
    const say = (apiCode: ConstructorParameters<typeof ApiError>[0], words: string) => new ApiError(apiCode, `${request.operation}: ${words}`, info);
    switch (code) {
      case 'forwarding-prohibited':
        return say(
          'vault-route-refused',
          `server ${server} does not allow TCP forwarding (sshd's AllowTcpForwarding or PermitOpen), so API calls cannot go through it. Allow forwarding for this SSH user, or choose Direct or System proxy for this connection.`,
        );
      case 'ETIMEDOUT':
        return say('vault-timeout', `server ${server} got no answer from ${target} in time (route: ${route.routeTaken}). A firewall on the server's network may drop the connection.`);
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return say('vault-unreachable', `server ${server} cannot resolve ${target} (${code}; route: ${route.routeTaken}). Check the server's DNS settings.`);
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return say('vault-unreachable', `server ${server} has no route to ${target} (${code}; route: ${route.routeTaken}). Check the server's firewall and routes.`);
      default:
        return say('vault-unreachable', `server ${server} cannot reach ${target} (${code}; route: ${route.routeTaken}).`);
    }
  }
  if (taken.kind === 'system-proxy' && taken.via) {
    const refusal = chain.map((e) => /Proxy response \((\d{3})\)/.exec((e as Error)?.message ?? '')).find(Boolean);
    if (!refusal) return undefined;
    const status = Number(refusal[1]);
    const why = status === 407 ? 'it asks for credentials the system settings do not give' : status === 403 ? 'its rules forbid this destination or port' : `HTTP ${status}`;
    return new ApiError('vault-proxy-refused', `${request.operation}: the system proxy ${taken.via} refused the tunnel to ${target} (${why}). Ask the proxy's administrator, or choose Direct or Through the server.`, {
      ...info,
      status,
    });
  }
  return undefined;
}

/** The error and its causes (undici wraps the socket's error in `fetch failed`), a few levels deep. */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  for (let i = 0; i < 6 && current; i += 1) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function targetOf(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? parsed.host : `${parsed.hostname}:443`;
  } catch {
    return 'the server';
  }
}

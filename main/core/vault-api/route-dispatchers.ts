import { rootCertificates } from 'node:tls';
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import type { Host } from '../host';
import { createHostDispatcher } from '../host/host-dispatcher';
import { CoreError } from '../shared';
import type { ApiRouteKind, RouteTaken } from './api-route';
import { proxyDisplayName } from './system-proxy';

/** TLS settings every route keeps: certificates are verified in this process, with the server's extra root if any. */
export interface RouteTls {
  extraCaPem?: string;
  /** Budget for opening a connection (TCP, proxy tunnel or SSH channel, and the TLS handshake) and for each answer. */
  timeoutMs: number;
}

/** The dispatcher for one request, and how the request goes. */
export interface RouteLeg {
  dispatcher: Dispatcher;
  taken: RouteTaken;
}

/** One connection's route: picks the dispatcher per request URL (a system proxy can differ by address). */
export interface ApiRoute {
  readonly kind: ApiRouteKind;
  forUrl(url: string): Promise<RouteLeg>;
  close(): Promise<void>;
}

export type ApiRouteFactory = (tls: RouteTls) => ApiRoute;

/** The SSH server API calls may go through; `label` is how the admin knows it (`admin@bw1.example`). */
export interface RouteServer {
  host: Host;
  label: string;
}

/** Where a route finds what it needs, injected by each entry point (the app, the CLI). */
export interface RouteServices {
  /** The proxy URL the system names for `url` (`http://host:port`, may hold credentials), or null for none. */
  resolveSystemProxy?(url: string): Promise<string | null>;
  /** The connected SSH server, or undefined when the install is this computer or nothing is connected. */
  server?(): Promise<RouteServer | undefined>;
}

function agentOptions(tls: RouteTls) {
  return { headersTimeout: tls.timeoutMs, bodyTimeout: tls.timeoutMs };
}

function caOf(tls: RouteTls): string[] | undefined {
  // Verification stays on: the extra root is appended to Node's bundled roots.
  return tls.extraCaPem ? [...rootCertificates, tls.extraCaPem] : undefined;
}

export function directRoute(): ApiRouteFactory {
  return (tls) => {
    const ca = caOf(tls);
    const agent = new Agent({ ...agentOptions(tls), connect: { ...(ca ? { ca } : {}), timeout: tls.timeoutMs } });
    return { kind: 'direct', forUrl: async () => ({ dispatcher: agent, taken: { kind: 'direct' } }), close: () => agent.close() };
  };
}

/** Through the proxy the system names per address; one ProxyAgent per proxy, TLS to the server inside the tunnel. */
export function systemProxyRoute(resolveSystemProxy: (url: string) => Promise<string | null>): ApiRouteFactory {
  return (tls) => {
    const direct = directRoute()(tls);
    const proxies = new Map<string, ProxyAgent>();
    const ca = caOf(tls);
    const proxyFor = (uri: string) => {
      let agent = proxies.get(uri);
      if (!agent) {
        agent = new ProxyAgent({ ...agentOptions(tls), uri, requestTls: { ...(ca ? { ca } : {}), timeout: tls.timeoutMs }, proxyTls: { timeout: tls.timeoutMs } });
        proxies.set(uri, agent);
      }
      return agent;
    };
    return {
      kind: 'system-proxy',
      forUrl: async (url) => {
        const uri = await resolveSystemProxy(url);
        if (!uri) return { dispatcher: (await direct.forUrl(url)).dispatcher, taken: { kind: 'system-proxy' } };
        return { dispatcher: proxyFor(uri), taken: { kind: 'system-proxy', via: proxyDisplayName(uri) } };
      },
      close: async () => {
        await Promise.all([direct.close(), ...[...proxies.values()].map((agent) => agent.close())]);
      },
    };
  };
}

/**
 * Through the connected SSH server (`Host.connect`: direct-tcpip). The server is looked up per request, so a
 * switch of server in the app takes effect at once; without one the call fails clearly instead of going direct.
 */
export function serverRoute(server: () => Promise<RouteServer | undefined>): ApiRouteFactory {
  return (tls) => {
    let current: { host: Host; dispatcher: Dispatcher } | undefined;
    return {
      kind: 'server',
      forUrl: async () => {
        const found = await server();
        if (!found) {
          throw new CoreError(
            'route-needs-server',
            'This connection is set to go through the server, but no server is connected over SSH. In the app, connect to the server first; in the CLI, add --route server with --host or --server. Or choose direct or the system proxy for this connection.',
            'unusable-input',
            { route: 'server' },
          );
        }
        if (current?.host !== found.host) {
          void current?.dispatcher.close();
          current = { host: found.host, dispatcher: createHostDispatcher(found.host, { extraCaPem: tls.extraCaPem, connectTimeoutMs: tls.timeoutMs }) };
        }
        return { dispatcher: current.dispatcher, taken: { kind: 'server', via: found.label } };
      },
      close: async () => {
        await current?.dispatcher.close();
        current = undefined;
      },
    };
  };
}

/** The factory for a connection's route kind, from the services the entry point gave. */
export function routeFactoryFor(kind: ApiRouteKind, services: RouteServices): ApiRouteFactory {
  switch (kind) {
    case 'direct':
      return directRoute();
    case 'system-proxy':
      return systemProxyRoute(
        services.resolveSystemProxy ??
          (async () => {
            throw new CoreError('system-proxy-unavailable', 'The system proxy settings cannot be read here. Choose Direct or Through the server.', 'problem', { route: 'system-proxy' });
          }),
      );
    case 'server':
      return serverRoute(services.server ?? (async () => undefined));
  }
}

import type net from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { Host } from './host';

export interface HostDispatcherOptions {
  /** A root (PEM) trusted in addition to Node's bundled ones, as the vault API transport does. */
  extraCaPem?: string;
  /** Budget for opening the connection through the host and the TLS handshake. */
  connectTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/**
 * An undici Dispatcher whose connections open from the host's network (`Host.connect`: a local socket, or an
 * SSH direct-tcpip channel from the server), with TLS in this process — so an API call can take the route
 * "through the server" when only the server has a path. HTTPS only: the stream crosses the SSH link encrypted
 * end to end, and certificate checks stay on.
 */
export function createHostDispatcher(host: Host, options: HostDispatcherOptions = {}): Dispatcher {
  const timeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const ca = options.extraCaPem ? [...rootCertificates, options.extraCaPem] : undefined;
  const overTls = buildConnector({ ...(ca ? { ca } : {}), timeout });
  return new Agent({
    connect: (request, callback) => {
      if (request.protocol !== 'https:') {
        callback(new Error(`[host-route] only https:// can be routed through ${host.label} (got ${request.protocol}//${request.hostname})`), null);
        return;
      }
      const hostname = request.hostname.replace(/^\[|\]$/g, '');
      const port = Number(request.port) || 443;
      host.connect(hostname, port, AbortSignal.timeout(timeout)).then(
        // undici types the upgraded socket as net.Socket; tls.connect only needs a Duplex under it.
        (stream) => overTls({ ...request, httpSocket: stream as net.Socket }, callback),
        (error: Error) => callback(error, null),
      );
    },
  });
}

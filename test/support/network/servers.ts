import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** Test servers on loopback only (conventions: test traffic never leaves the machine or a test namespace). */
export interface RunningServer {
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function closer(server: net.Server): () => Promise<void> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** What the Bitwarden /alive endpoint answers: .NET's DateTime.UtcNow as a JSON string (7 fraction digits). */
export function aliveBody(at = new Date()): string {
  return JSON.stringify(at.toISOString().replace('Z', '0000Z'));
}

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export const aliveHandler =
  (at?: () => Date): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(aliveBody(at ? at() : new Date()));
  };

/** A gateway block page: 403 + HTML with a <title>, Via and Server like a web filter sends them. */
export const blockPageHandler: Handler = (_req, res) => {
  res.writeHead(403, { 'content-type': 'text/html', via: '1.1 webfilter.corp.test', server: 'CorpGateway' });
  res.end('<html><head><title>Access Denied - Web Filter</title></head><body>Blocked by policy</body></html>');
};

export async function startHttpsServer(options: {
  certPem: string;
  keyPem: string;
  handler?: Handler;
  host?: string;
  /** A fixed port (e.g. 443 on a test namespace's veth address); default: any free one. */
  port?: number;
}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = https.createServer({ cert: options.certPem, key: options.keyPem }, options.handler ?? aliveHandler());
  const close = closer(server);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  return { host, port: (server.address() as AddressInfo).port, close };
}

/** Accepts TCP and never says a word: the TLS handshake must time out on our side. */
export async function startSilentServer(host = '127.0.0.1'): Promise<RunningServer> {
  const server = net.createServer(() => {});
  const close = closer(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { host, port: (server.address() as AddressInfo).port, close };
}

/** A port that is certainly closed right now (refused). */
export async function closedPort(host = '127.0.0.1'): Promise<number> {
  return freePort(host);
}

import type { Duplex } from 'node:stream';
import type { Client } from 'ssh2';
import type { AuthSecrets } from './ssh-auth';
import { OPEN_ADMINISTRATIVELY_PROHIBITED } from './ssh-forward';
import { dialEndpoint, endpointName } from './ssh-dial';
import { isSshError, SshError, type EarlySocketSource, type HostKeyVerifier, type SshConnectSpec, type SshEndpoint, type SshSecretPrompts } from './ssh-types';

export interface ChainOptions {
  spec: SshConnectSpec;
  verifyHostKey: HostKeyVerifier;
  prompts: SshSecretPrompts;
  secrets: AuthSecrets;
  earlySocket?: EarlySocketSource;
}

/** The target's client plus the ProxyJump hop clients under it (closed together). */
export interface SshChain {
  client: Client;
  hops: Client[];
  close(): void;
}

/**
 * Connects through every ProxyJump hop in order: hop 1 directly, each next one over a direct-tcpip
 * channel of the previous (OpenSSH's `-J`). A failure at a hop names that hop; host-key refusals keep
 * their own code so the admin still sees the fingerprint question.
 */
export async function openChain(options: ChainOptions): Promise<SshChain> {
  const { spec } = options;
  const hops: Client[] = [];
  const closeAll = () => {
    for (const hop of [...hops].reverse()) endClient(hop);
  };
  const endpoints = [...spec.jumps, spec.target];
  let sock: Duplex | undefined = options.earlySocket?.take(endpoints[0]!) ?? undefined;
  for (let index = 0; index < endpoints.length; index += 1) {
    const endpoint = endpoints[index]!;
    const isHop = index < spec.jumps.length;
    try {
      const client = await dialEndpoint({ ...options, endpoint, sock });
      if (!isHop) return { client, hops, close: () => { endClient(client); closeAll(); } };
      hops.push(client);
      sock = await forwardTo(client, endpoints[index + 1]!, spec.connectTimeoutMs).catch((error: Error) => {
        throw new SshError('proxy-jump-failed', `ProxyJump hop ${index + 1} (${endpointName(endpoint)}) could not reach ${endpointName(endpoints[index + 1]!)}: ${error.message}`, { hop: endpointName(endpoint) });
      });
    } catch (error) {
      closeAll();
      throw hopError(error, endpoint, index, isHop);
    }
  }
  throw new Error('unreachable');
}

/**
 * Sends the disconnect and our end of the stream, then lets go of the socket once that is sent, without
 * waiting a round trip for the server's own close (OpenSSH's client also just exits): a CLI process
 * then ends as soon as its work is done. ssh2 keeps its stream private; without one, end() alone stays.
 */
function endClient(client: Client): void {
  const sock = (client as unknown as { _sock?: Duplex })._sock;
  client.end();
  if (!sock || sock.destroyed) return;
  if (sock.writableFinished) sock.destroy();
  else sock.once('finish', () => sock.destroy());
}

function hopError(error: unknown, endpoint: SshEndpoint, index: number, isHop: boolean): unknown {
  if (!isHop || !isSshError(error)) return error;
  if (error.code === 'proxy-jump-failed') return error;
  const hop = endpointName(endpoint);
  if (error.code.startsWith('host-key-')) return new SshError(error.code, error.message, { ...error.details, hop });
  return new SshError('proxy-jump-failed', `ProxyJump hop ${index + 1} (${hop}) failed: ${error.message}`, { ...error.details, hop });
}

function forwardTo(client: Client, next: SshEndpoint, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    client.forwardOut('127.0.0.1', 0, next.host, next.port, (error, stream) => {
      clearTimeout(timer);
      if (!error) resolve(stream);
      else if ((error as Error & { reason?: number }).reason === OPEN_ADMINISTRATIVELY_PROHIBITED) reject(new Error('it forbids TCP forwarding (AllowTcpForwarding)'));
      else reject(new Error(error.message.replace(/^\(SSH\) Channel open failure: /, '')));
    });
  });
}

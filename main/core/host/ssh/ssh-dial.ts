import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { authHandlerFor, type AuthSecrets } from './ssh-auth';
import { supportedSshAlgorithms } from './ssh-algorithms';
import { hostKeyOffer } from './ssh-host-key';
import { SshError, type HostKeyVerifier, type SshConnectSpec, type SshEndpoint, type SshSecretPrompts } from './ssh-types';

export interface DialOptions {
  endpoint: SshEndpoint;
  /** A stream to the server through the previous ProxyJump hop; a TCP socket is opened otherwise. */
  sock?: Duplex;
  spec: SshConnectSpec;
  verifyHostKey: HostKeyVerifier;
  prompts: SshSecretPrompts;
  secrets: AuthSecrets;
}

const KEEPALIVE_COUNT_MAX = 3;

export function endpointName(endpoint: SshEndpoint): string {
  return `${endpoint.user}@${endpoint.host}:${endpoint.port}`;
}

/**
 * One authenticated SSH client to one endpoint. The connect budget covers reaching the server and
 * the key exchange; it stops while the admin answers a host-key or secret question.
 */
export function dialEndpoint(options: DialOptions): Promise<Client> {
  const { endpoint, spec } = options;
  const client = new Client();
  const methodsTried: string[] = [];
  let hostKeyError: unknown;
  let timer: NodeJS.Timeout | undefined;
  return new Promise<Client>((resolve, reject) => {
    let settled = false;
    const disarm = () => clearTimeout(timer);
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      disarm();
      client.destroy();
      reject(error);
    };
    const arm = () => {
      disarm();
      timer = setTimeout(() => {
        fail(new SshError('host-unreachable', `${endpointName(endpoint)} did not answer within ${Math.round(spec.connectTimeoutMs / 1000)} s`));
      }, spec.connectTimeoutMs);
    };
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      disarm();
      resolve(client);
    });
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'agent') {
        // The auth step already listed the agent: say what became of it.
        const listed = methodsTried.lastIndexOf('agent');
        if (listed === -1) methodsTried.push('agent (unavailable)');
        else methodsTried[listed] = 'agent (unavailable)';
        return;
      }
      fail(hostKeyError ?? dialError(endpoint, error, methodsTried));
    });
    client.on('close', () => fail(hostKeyError ?? new SshError('host-unreachable', `${endpointName(endpoint)} closed the connection before login finished`)));
    arm();
    client.connect({
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.user,
      sock: options.sock as never,
      readyTimeout: 0,
      keepaliveInterval: spec.keepAliveIntervalMs > 0 ? spec.keepAliveIntervalMs : 0,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      algorithms: supportedSshAlgorithms(),
      hostVerifier: ((key: Buffer, verify: (valid: boolean) => void) => {
        disarm();
        options.verifyHostKey(hostKeyOffer(endpoint, key)).then(
          () => {
            arm();
            verify(true);
          },
          (error: unknown) => {
            hostKeyError = error instanceof SshError ? error : new SshError('host-key-unknown', `the host key of ${endpointName(endpoint)} was not accepted`);
            verify(false);
          },
        );
      }) as never,
      authHandler: authHandlerFor({
        endpoint,
        agentSocket: spec.agentSocket,
        identityFiles: spec.identityFiles,
        prompts: options.prompts,
        secrets: options.secrets,
        methodsTried,
        onWaiting: disarm,
      }),
    });
    // ssh2 leaves Nagle's algorithm on: each login round trip then waits out the peer's delayed ACK
    // (40 ms on Linux): `status --host` spent ~200 ms of its ~600 ms in those waits. A ProxyJump hop's
    // stream is a channel, not a socket; ssh2 skips it there (the first hop's socket has it set).
    client.setNoDelay(true);
  });
}

function dialError(endpoint: SshEndpoint, error: Error & { level?: string; code?: string }, methodsTried: string[]): SshError {
  const where = endpointName(endpoint);
  if (error.level === 'client-authentication' || /authentication/i.test(error.message)) {
    const tried = methodsTried.length > 0 ? methodsTried.join(', ') : 'none (the server offered no method this app supports)';
    return new SshError('ssh-auth-failed', `${where} refused every login method; tried: ${tried}`, { methodsTried: [...methodsTried] });
  }
  if (error.level === 'handshake') {
    return new SshError('ssh-handshake-failed', `${where}: no common SSH algorithms (${error.message})`);
  }
  const reason = error.code ? `${error.code}: ${error.message}` : error.message;
  return new SshError('host-unreachable', `cannot reach ${where} (${reason})`);
}

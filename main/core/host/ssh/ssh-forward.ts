import type { Duplex } from 'node:stream';
import { HostConnectError } from '../host';
import type { SshConnection } from './ssh-connection';

/** SSH_OPEN_ADMINISTRATIVELY_PROHIBITED (RFC 4254 §5.1): sshd's AllowTcpForwarding no or a PermitOpen rule. */
export const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;

/**
 * The server's reason for a failed direct-tcpip open → errno name. OpenSSH sends strerror() or the
 * resolver's text as the description, and the reason code 1 (with "open failed") when forwarding is off.
 */
export function forwardFailureCode(reason: string, reasonCode?: number): string {
  if (reasonCode === OPEN_ADMINISTRATIVELY_PROHIBITED || /administratively prohibited/i.test(reason)) return 'forwarding-prohibited';
  if (/refused/i.test(reason)) return 'ECONNREFUSED';
  if (/timed out/i.test(reason)) return 'ETIMEDOUT';
  if (/no route to host/i.test(reason)) return 'EHOSTUNREACH';
  if (/network is unreachable/i.test(reason)) return 'ENETUNREACH';
  if (/not known|nodename nor servname|no address associated|name or service/i.test(reason)) return 'ENOTFOUND';
  if (/temporary failure in name resolution/i.test(reason)) return 'EAI_AGAIN';
  return 'ECONNRESET';
}

/** A TCP stream opened by the server (SSH direct-tcpip); the caller's signal bounds the attempt. */
export async function forwardConnect(connection: SshConnection, address: string, port: number, signal?: AbortSignal): Promise<Duplex> {
  if (signal?.aborted) throw new HostConnectError('ETIMEDOUT', `connecting to ${address}:${port} was cancelled`);
  const client = await connection.client();
  return new Promise((resolve, reject) => {
    let done = false;
    const onAbort = () => {
      if (done) return;
      done = true;
      reject(new HostConnectError('ETIMEDOUT', `no answer from ${address}:${port} in time (from ${connection.label})`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    client.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
      signal?.removeEventListener('abort', onAbort);
      if (done) {
        stream?.destroy();
        return;
      }
      done = true;
      if (error) {
        const reason = error.message.replace(/^\(SSH\) Channel open failure: /, '');
        const code = forwardFailureCode(reason, (error as Error & { reason?: number }).reason);
        const why = code === 'forwarding-prohibited' ? 'the SSH server forbids TCP forwarding (AllowTcpForwarding)' : reason;
        reject(new HostConnectError(code, `${connection.label} could not open ${address}:${port}: ${why}`));
      } else {
        resolve(stream);
      }
    });
  });
}

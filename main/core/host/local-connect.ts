import net from 'node:net';
import type { Duplex } from 'node:stream';
import { HostConnectError } from './host';

/** A TCP socket from this machine; the caller's signal (its stage budget) bounds the attempt. */
export function localConnect(address: string, port: number, signal?: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new HostConnectError('ETIMEDOUT', `connecting to ${address}:${port} was cancelled`));
      return;
    }
    const socket = net.connect({ host: address, port });
    const onAbort = () => {
      socket.destroy();
      reject(new HostConnectError('ETIMEDOUT', `no answer from ${address}:${port} in time`));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      reject(new HostConnectError(error.code ?? 'ECONNRESET', error.message));
    });
  });
}

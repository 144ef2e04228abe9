import net from 'node:net';
import type { EarlySocketSource, OpenSshHostOptions, SshConnectSpec, SshEndpoint, SshHost } from './ssh-types';

/**
 * The TCP connection to the first hop, opened before the SSH code is loaded: loading ssh2 is most
 * of a CLI start, and sshd forks and sends its version line meanwhile instead of after. The first
 * dial takes it; this module stays out of the SSH bundle so opening it costs no load.
 */
export class EarlySocket implements EarlySocketSource {
  private socket: net.Socket | null;
  /** Kept after it was taken, so `abort` can still end it. */
  private readonly opened: net.Socket;
  private failed = false;

  constructor(readonly endpoint: SshEndpoint) {
    this.socket = net.connect({ host: endpoint.host, port: endpoint.port, noDelay: true });
    this.opened = this.socket;
    // Held until ssh2 reads it (it resumes the stream itself): the server's version line, which may
    // arrive long before, must reach ssh2 and no one else.
    this.socket.pause();
    // A failure here is only remembered: the dial then connects by itself and reports the reason as usual.
    this.socket.once('error', () => {
      this.failed = true;
    });
    // Not taken (a usage error, a refused host key before dialing…) must not keep the process alive.
    this.socket.unref();
  }

  /** The socket, once, for a dial to `endpoint`; null when it failed, was taken, or leads elsewhere. */
  take(endpoint: SshEndpoint): net.Socket | null {
    const socket = this.socket;
    this.socket = null;
    if (!socket) return null;
    if (this.failed || socket.destroyed || endpoint.host !== this.endpoint.host || endpoint.port !== this.endpoint.port) {
      socket.destroy();
      return null;
    }
    return socket.ref();
  }

  /** Closes it when no dial took it. */
  discard(): void {
    this.socket?.destroy();
    this.socket = null;
  }

  /** Closes it even when a dial took it: that dial then fails at once instead of waiting out its budget. */
  abort(): void {
    this.socket = null;
    this.opened.destroy();
  }
}

/** Opens the TCP connection a dial of `spec` starts with: the first ProxyJump hop, else the server. */
export function preconnect(spec: SshConnectSpec): EarlySocket {
  return new EarlySocket(spec.jumps[0] ?? spec.target);
}

/** Moments of `dialWithEarlySocket` an early caller (the CLI entry) acts on. */
export interface EarlyDialHooks {
  /** The TCP connection is open (the caller may abort it). */
  opened?(socket: EarlySocket): void;
  /** Asked once ssh2 has loaded: true stops before dialing. */
  dropped?(): boolean;
  /** The login is under way (ssh2 loaded, the key exchange started). */
  dialing?(): void;
}

/**
 * Logs in to `options.spec` with the TCP connection opened before ssh2 loads (most of a CLI start):
 * sshd forks and sends its version line meanwhile. The connection is dropped if the dial did not take it.
 */
export async function dialWithEarlySocket(options: Omit<OpenSshHostOptions, 'earlySocket'>, hooks: EarlyDialHooks = {}): Promise<SshHost> {
  const earlySocket = preconnect(options.spec);
  hooks.opened?.(earlySocket);
  try {
    const { openSshHost } = await import('./ssh-host');
    if (hooks.dropped?.()) throw new Error('the early SSH connection was not needed');
    const login = openSshHost({ ...options, earlySocket });
    hooks.dialing?.();
    return await login;
  } finally {
    earlySocket.discard();
  }
}

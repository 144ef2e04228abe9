import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import { HostConnectError, type Host } from '../../../main/core/host';
import type { DropNamespace } from './netns';

/**
 * Opens one TCP connection from inside the namespace and relays it over stdio — what sshd does for an SSH
 * direct-tcpip channel. Says "connected" or "error CODE" on stderr first.
 */
const RELAY = `
const net = require('node:net');
const [address, port] = process.argv.slice(1);
const socket = net.connect({ host: address, port: Number(port) });
socket.once('connect', () => {
  process.stderr.write('connected\\n');
  process.stdin.pipe(socket);
  socket.pipe(process.stdout);
});
socket.once('error', (error) => {
  process.stderr.write('error ' + (error.code || error.message) + '\\n');
  process.exit(1);
});
socket.on('close', () => process.exit(0));
`;

/**
 * A Host whose programs run and whose connections open inside a network namespace — a stand-in for a server on
 * another network, built from real parts: `ip netns exec` for runs (so its iptables, /etc/hosts and resolver
 * apply), and a relay process inside it for `connect`. Everything else is this machine's LocalHost.
 */
export function namespaceHost(inner: Host, ns: DropNamespace): Host {
  return {
    ...inner,
    label: `namespace ${ns.name}`,
    run: (request) => inner.run({ ...request, command: 'ip', args: ['netns', 'exec', ns.name, request.command, ...request.args] }),
    connect: (address, port, signal) => connectInside(ns.name, address, port, signal),
  };
}

function connectInside(namespace: string, address: string, port: number, signal?: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', RELAY, address, String(port)], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let settled = false;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new HostConnectError(code, message));
    };
    const onAbort = () => fail('ETIMEDOUT', `no answer from ${address}:${port} in time`);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let said = '';
    child.stderr.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (settled) return;
      if (said.startsWith('connected\n')) {
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
        stream.once('close', () => child.kill('SIGKILL'));
        resolve(stream);
      } else {
        const match = /^error (\S+)\n/.exec(said);
        if (match?.[1]) fail(match[1], `connect ${address}:${port} from inside ${namespace}: ${match[1]}`);
      }
    });
    child.once('exit', () => fail('ECONNRESET', `the relay in ${namespace} ended before connecting`));
  });
}

/** A Host that refuses to forward, as sshd with `AllowTcpForwarding no` does; everything else is `inner`. */
export function noForwardingHost(inner: Host): Host {
  return {
    ...inner,
    connect: async (address, port) => {
      throw new HostConnectError('forwarding-prohibited', `open ${address}:${port} failed: administratively prohibited`);
    },
  };
}

import { execFile } from 'node:child_process';
import net from 'node:net';
import { build } from 'esbuild';
import { afterEach, describe, expect, it } from 'vitest';
import { EarlySocket } from '../../../main/core/host/ssh/ssh-preconnect';

// The TCP connection a CLI opens before loading ssh2, against a loopback listener of each test's own
// that greets like sshd and reports when its one connection is closed (no SSH needed for this class).
interface Listener {
  port: number;
  /** Resolves when the connection it accepted is closed by the other end. */
  closed: Promise<'closed'>;
  accepted: () => number;
}

const listeners: net.Server[] = [];

async function listener(): Promise<Listener> {
  let count = 0;
  let onClosed: () => void = () => undefined;
  const closed = new Promise<'closed'>((resolve) => (onClosed = () => resolve('closed')));
  const server = net.createServer((socket) => {
    count += 1;
    // Dropped unused in some cases: a reset is expected. Read what comes so the end is seen.
    socket.on('error', () => undefined);
    socket.on('close', onClosed);
    socket.resume();
    socket.write('SSH-2.0-listener\r\n');
  });
  listeners.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, closed, accepted: () => count };
}

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const within = <T>(promise: Promise<T>, ms: number) => Promise.race([promise, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe('early SSH socket', () => {
  it('hands the open connection to the dial for its endpoint, once, with what the server already sent', async () => {
    const { port } = await listener();
    const early = new EarlySocket({ host: '127.0.0.1', port, user: 'admin' });
    await settle();
    const socket = early.take({ host: '127.0.0.1', port, user: 'admin' });
    expect(socket).not.toBeNull();
    // Held paused until its reader resumes it, as ssh2 does.
    const firstData = new Promise<string>((resolve) => socket!.once('data', (data) => resolve(String(data))));
    socket!.resume();
    expect(await within(firstData, 5_000)).toBe('SSH-2.0-listener\r\n');
    expect(early.take({ host: '127.0.0.1', port, user: 'admin' })).toBeNull();
    socket!.destroy();
  });

  it('gives nothing to a dial elsewhere, and closes the connection', async () => {
    const { port, closed, accepted } = await listener();
    const early = new EarlySocket({ host: '127.0.0.1', port, user: 'admin' });
    await settle();
    expect(accepted()).toBe(1);
    expect(early.take({ host: '127.0.0.1', port: port + 1, user: 'admin' })).toBeNull();
    expect(await within(closed, 5_000)).toBe('closed');
  });

  it('closes the connection when it is discarded untaken, and when it is aborted after being taken', async () => {
    const first = await listener();
    const untaken = new EarlySocket({ host: '127.0.0.1', port: first.port, user: 'admin' });
    await settle();
    untaken.discard();
    expect(await within(first.closed, 5_000)).toBe('closed');
    expect(untaken.take({ host: '127.0.0.1', port: first.port, user: 'admin' })).toBeNull();

    const second = await listener();
    const taken = new EarlySocket({ host: '127.0.0.1', port: second.port, user: 'admin' });
    await settle();
    expect(taken.take({ host: '127.0.0.1', port: second.port, user: 'admin' })).not.toBeNull();
    taken.abort();
    expect(await within(second.closed, 5_000)).toBe('closed');
  });

  it('gives nothing once the connection failed, so the dial connects itself and reports why', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const early = new EarlySocket({ host: '127.0.0.1', port: closedPort, user: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(early.take({ host: '127.0.0.1', port: closedPort, user: 'admin' })).toBeNull();
  });

  it('does not keep a process alive when no dial takes it', async () => {
    const { port } = await listener();
    const bundled = await build({
      stdin: { contents: `import { EarlySocket } from './main/core/host/ssh/ssh-preconnect';\nnew EarlySocket({ host: '127.0.0.1', port: ${port}, user: 'admin' });\n`, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
      // The dial's own load of ssh2 (never reached here) stays out of this small bundle.
      plugins: [{ name: 'no-ssh-host', setup: (b) => b.onResolve({ filter: /\/ssh-host$/ }, (args) => ({ path: args.path, external: true })) }],
    });
    const exited = await new Promise<{ code: number | null; killed: boolean }>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '--eval', bundled.outputFiles[0]!.text], { timeout: 20_000 }, (error) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, killed: Boolean((error as { killed?: boolean } | null)?.killed) });
      });
    });
    expect(exited).toEqual({ code: 0, killed: false });
  });
});

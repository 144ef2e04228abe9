import { execFile } from 'node:child_process';
import net from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EarlySocket } from '../../../main/core/host/ssh/ssh-preconnect';

// The TCP connection a CLI opens before loading ssh2, against a loopback listener that counts what
// reaches it (no SSH needed for what this class does).
let server: net.Server;
let port: number;
/** Resolved when the listener sees its next connection closed by the other end. */
let nextClose: Promise<void>;
let closed: () => void = () => undefined;
const armClose = () => {
  nextClose = new Promise((resolve) => (closed = resolve));
};

beforeAll(async () => {
  server = net.createServer((socket) => {
    // The early socket is destroyed unused in some cases: a reset here is expected.
    socket.on('error', () => undefined);
    socket.on('close', () => closed());
    socket.write('SSH-2.0-listener\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const firstData = (socket: NodeJS.ReadableStream) => new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));

describe('early SSH socket', () => {
  it('hands the open connection to the dial for its endpoint, once, with what the server already sent', async () => {
    const early = new EarlySocket({ host: '127.0.0.1', port, user: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const socket = early.take({ host: '127.0.0.1', port, user: 'admin' });
    expect(socket).not.toBeNull();
    expect(await firstData(socket!)).toBe('SSH-2.0-listener\r\n');
    expect(early.take({ host: '127.0.0.1', port, user: 'admin' })).toBeNull();
    socket!.destroy();
  });

  it('gives nothing to a dial elsewhere, and closes the connection', async () => {
    armClose();
    const early = new EarlySocket({ host: '127.0.0.1', port, user: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(early.take({ host: '127.0.0.1', port: port + 1, user: 'admin' })).toBeNull();
    await expect(Promise.race([nextClose.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 5_000))])).resolves.toBe('closed');
  });

  it('closes the connection when no dial took it and it is discarded', async () => {
    armClose();
    const early = new EarlySocket({ host: '127.0.0.1', port, user: 'admin' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    early.discard();
    await expect(Promise.race([nextClose.then(() => 'closed'), new Promise((resolve) => setTimeout(() => resolve('still open'), 5_000))])).resolves.toBe('closed');
    expect(early.take({ host: '127.0.0.1', port, user: 'admin' })).toBeNull();
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
    const bundled = await build({
      stdin: { contents: `import { EarlySocket } from './main/core/host/ssh/ssh-preconnect';\nnew EarlySocket({ host: '127.0.0.1', port: ${port}, user: 'admin' });\n`, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      write: false,
    });
    const exited = await new Promise<{ code: number | null; killed: boolean }>((resolve) => {
      execFile(process.execPath, ['--input-type=module', '--eval', bundled.outputFiles[0]!.text], { timeout: 20_000 }, (error) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, killed: Boolean((error as { killed?: boolean } | null)?.killed) });
      });
    });
    expect(exited).toEqual({ code: 0, killed: false });
  });
});

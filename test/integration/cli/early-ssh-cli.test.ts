import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCliProcess } from '../../support/run-cli';

// The installed command starts a `--host` login before its parser loads. Against a listener that
// accepts and then says nothing (no SSH version line), a command line the parser refuses must still
// end at once with its usage error, the early connection dropped — not wait out the connect budget.
describe('the early SSH login of a --host command', () => {
  let server: net.Server;
  let port: number;
  let home: string;
  const accepted: net.Socket[] = [];
  const closed: Promise<void>[] = [];

  beforeAll(async () => {
    ensureCliBuilt();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-early-ssh-'));
    server = net.createServer((socket) => {
      accepted.push(socket);
      socket.on('error', () => undefined);
      // Read (and drop) what comes, so the end of the stream is seen.
      socket.resume();
      closed.push(new Promise((resolve) => socket.once('close', () => resolve())));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    await fs.rm(home, { recursive: true, force: true });
  });

  it('is dropped when the parser refuses the command line: exit 2 at once, the connection closed', async () => {
    const env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), SSH_AUTH_SOCK: '' };
    // 8 s is under the 10 s connect budget: a run that waited for the silent server would be killed (not exit 2).
    const result = await runCliProcess(['status', '--host', `admin@127.0.0.1:${port}`, '--bwdata', '/opt/bitwarden', '--no-such-option', '--json'], { env, timeoutMs: 8_000 });
    expect(result.code, result.stderr).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('usage');
    // The login had started before the parser refused: the listener saw it, and saw it closed.
    expect(accepted.length).toBe(1);
    await closed[0];
  });

  it('is not started for --help', async () => {
    const before = accepted.length;
    const result = await runCliProcess(['status', '--host', `admin@127.0.0.1:${port}`, '--help'], { env: { HOME: home }, timeoutMs: 8_000 });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--host');
    expect(accepted.length).toBe(before);
  });
});

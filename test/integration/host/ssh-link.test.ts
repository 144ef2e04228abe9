import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import { isSshError, type SshHost } from '../../../main/core/host/ssh/ssh-types';
import { chownTree, ensureTestUsers, LOGIN_USER, makeKey, promptsAnswering, specFor, sshSkipReason, startSshd, trustingOnly, type TestKey, type TestSshd } from '../../support/ssh';

const skipReason = sshSkipReason();

describe.skipIf(skipReason !== null)(`SSH link: drops, reconnects, detached runs, channel limit${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let key: TestKey;
  let sshd: TestSshd;
  let host: SshHost;

  beforeAll(async () => {
    await ensureTestUsers();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-link-'));
    key = await makeKey(folder, 'id_ed25519');
    await chownTree(folder, LOGIN_USER);
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] } });
    host = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });
  });

  afterAll(async () => {
    await host?.close();
    await sshd?.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it("turns Nagle's algorithm off on the socket, so a login's round trips do not wait out delayed ACKs", async () => {
    const noDelay = vi.spyOn(Client.prototype, 'setNoDelay');
    const fresh = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });
    try {
      expect(await fresh.stat(folder)).toMatchObject({ kind: 'directory' });
      expect(noDelay).toHaveBeenCalledWith(true);
    } finally {
      noDelay.mockRestore();
      await fresh.close();
    }
  });

  it('a run keeps going on the server when the SSH link is killed mid-run, and is re-attached without losing or repeating a line', async () => {
    const marker = path.join(folder, 'finished');
    const lines: string[] = [];
    let dropped = false;
    const result = await host.run({
      command: 'bash',
      args: ['-c', `echo one; sleep 2; echo two; echo "to stderr" >&2; sleep 1; echo three; touch ${marker}; exit 5`],
      cwd: folder,
      onLine: (line) => {
        lines.push(line.text);
        if (line.text === 'one' && !dropped) {
          dropped = true;
          void sshd.dropConnections();
        }
      },
    });
    expect(dropped).toBe(true);
    expect(result).toMatchObject({ exitCode: 5, cancelled: false, timedOut: false });
    expect(lines.filter((l) => l !== 'to stderr')).toEqual(['one', 'two', 'three']);
    expect(lines).toContain('to stderr');
    await expect(fs.stat(marker)).resolves.toBeTruthy();
  });

  it('reconnects once after a dropped link: reads and edits work again without asking anything', async () => {
    const file = path.join(folder, 'env');
    await fs.writeFile(file, 'a=1\n');
    await chownTree(file, LOGIN_USER);
    expect((await host.stat(file))?.size).toBe(4);
    await sshd.dropConnections();
    expect((await host.stat(file))?.size).toBe(4);
    await sshd.dropConnections();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await host.writeFileIfUnchanged(file, Buffer.from('a=1\n'), Buffer.from('a=2\n'));
    expect(await fs.readFile(file, 'utf8')).toBe('a=2\n');
  });

  it('leaves the old or the new file, never a partial one, when the link drops during an edit', async () => {
    const file = path.join(folder, 'big.env');
    const before = 'x=1\n'.repeat(1000);
    const after = 'y=2\n'.repeat(2_000_000);
    await fs.writeFile(file, before);
    await chownTree(file, LOGIN_USER);
    const editing = host.writeFileIfUnchanged(file, Buffer.from(before), Buffer.from(after)).then(() => 'written', (e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await sshd.dropConnections();
    const outcome = await editing;
    const now = await fs.readFile(file, 'utf8');
    if (outcome === 'written') expect(now === after).toBe(true);
    else {
      expect(isSshError(outcome, 'connection-lost')).toBe(true);
      expect(now === before).toBe(true);
      expect((outcome as Error).message).toContain('unchanged');
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await fs.readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps at most 9 channels open: 30 parallel reads and 30 parallel commands all succeed', async () => {
    const file = path.join(folder, 'parallel.txt');
    await fs.writeFile(file, 'same content\n');
    const reads = Array.from({ length: 30 }, () => host.readFile(file, { maxBytes: 100 }));
    const commands = Array.from({ length: 30 }, () => host.identity());
    const [contents, identities] = await Promise.all([Promise.all(reads), Promise.all(commands)]);
    expect(contents.map((c) => Buffer.from(c).toString())).toEqual(Array(30).fill('same content\n'));
    expect(identities.map((i) => i.userName)).toEqual(Array(30).fill(LOGIN_USER));
  });

  it('execs short probes attached: output, stdin, a missing program, the server-side timeout and cancel', async () => {
    const resolved = await host.exec({ command: 'getent', args: ['ahosts', 'localhost'] });
    expect(resolved.exitCode).toBe(0);
    expect(Buffer.from(resolved.stdout).toString()).toMatch(/127\.0\.0\.1|::1/);
    const echoed = await host.exec({ command: 'cat', args: [], stdin: Buffer.from('through stdin') });
    expect(Buffer.from(echoed.stdout).toString()).toBe('through stdin');
    const missing = await host.exec({ command: 'no-such-probe-sst', args: [] });
    expect(missing).toMatchObject({ notFound: true, exitCode: 127 });
    const slow = await host.exec({ command: 'sleep', args: ['20'], timeoutMs: 1_000 });
    expect(slow).toMatchObject({ timedOut: true, cancelled: false });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const cancelled = await host.exec({ command: 'sleep', args: ['20'], timeoutMs: 5_000, signal: controller.signal });
    expect(cancelled).toMatchObject({ cancelled: true, exitCode: null });
  });
});

import { execFileSync, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError, readUserFile } from '../../../main/core/shared';

let folder: string;
beforeEach(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-user-file-'));
});
afterEach(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(CoreError);
  expect((error as CoreError).outcome).toBe('unusable-input');
  return (error as CoreError).code;
}

function makeFifo(name = 'pipe'): string {
  const fifo = path.join(folder, name);
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

describe('readUserFile: one set of rules for files the admin names', () => {
  it('reads a regular file within the cap', async () => {
    const file = path.join(folder, 'a.txt');
    await fs.writeFile(file, 'hello');
    expect(new TextDecoder().decode(await readUserFile(file, 'test file', 10))).toBe('hello');
  });

  it.each([
    ['a missing file', () => path.join(folder, 'missing'), 'file-not-found'],
    ['a folder', () => folder, 'not-a-file'],
    ['/dev/zero (refused unread)', () => '/dev/zero', 'not-a-file'],
    ['/dev/null', () => '/dev/null', 'not-a-file'],
    ['an empty path', () => '', 'usage'],
    ['a FIFO where none is allowed (no hang)', () => makeFifo(), 'not-a-file'],
  ])('%s', async (_name, target, code) => {
    expect(await codeOf(readUserFile(target(), 'test file', 1024))).toBe(code);
  });

  it('refuses a file over the cap before reading, and keeps a caller code', async () => {
    const file = path.join(folder, 'big');
    await fs.writeFile(file, Buffer.alloc(2048));
    expect(await codeOf(readUserFile(file, 'test file', 1024))).toBe('file-too-large');
    expect(await codeOf(readUserFile(file, 'CA file', 1024, { code: 'invalid-ca' }))).toBe('invalid-ca');
  });

  it('a symlink loop is named as such', async () => {
    const loop = path.join(folder, 'loop');
    await fs.symlink(loop, loop);
    const error = await readUserFile(loop, 'test file', 1024).catch((e: unknown) => e as CoreError);
    expect(error).toMatchObject({ code: 'symlink-loop' });
    expect((error as CoreError).message).not.toContain('ELOOP');
  });

  it('reads a FIFO where allowed, once its writer has finished', async () => {
    const fifo = makeFifo();
    const writer = spawn('sh', ['-c', `sleep 0.2; printf 'line one\\nline two\\n' > '${fifo}'`]);
    const closed = new Promise((resolve) => writer.on('close', resolve));
    const bytes = await readUserFile(fifo, 'password file', 1024, { fifoTimeoutMs: 5_000 });
    expect(new TextDecoder().decode(bytes)).toBe('line one\nline two\n');
    await closed;
  });

  it('gives up on a FIFO nobody writes to after the timeout', async () => {
    expect(await codeOf(readUserFile(makeFifo(), 'password file', 1024, { fifoTimeoutMs: 200 }))).toBe('timeout');
  });

  it('refuses a FIFO that sends more than the cap', async () => {
    const fifo = makeFifo();
    const writer = spawn('sh', ['-c', `head -c 5000 /dev/zero > '${fifo}'`]);
    expect(await codeOf(readUserFile(fifo, 'password file', 1024, { fifoTimeoutMs: 5_000 }))).toBe('file-too-large');
    writer.kill();
  });
});

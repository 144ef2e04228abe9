import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost, type Host, type HostReadAhead } from '../../../main/core/host';
import { execReadAhead } from '../../../main/core/host/ssh/exec-read-ahead';
import type { ExecResult } from '../../../main/core/host/ssh/remote-shell';
import { parseIdLine } from '../../../main/core/host/ssh/ssh-identity';
import { snapshotView } from '../../../main/core/host/snapshot-view';
import { readInstallStatus } from '../../../main/core/install';
import { ensureTestUsers, LOGIN_USER, sshSkipReason } from '../../support/ssh';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

// The read-ahead script run by the local bash (as the SSH exec would run it on the server), checked
// against this computer's own Host on the same files: every answer from the snapshot must equal the
// host's, and the happy paths must not fall through to the host at all.

/** Runs `bash -c SCRIPT bash ARGS…` here, as the remote shell does on the server. */
function localBash(script: string, args: readonly string[]): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile('bash', ['-c', script, 'bash', ...args], { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, signal: null, stdout, stderr: stderr.toString('utf8') });
    });
  });
}

/** This computer's host, counting the reads that reach it, with a read-ahead through the local bash. */
function countingHost(): { host: Host; reads: string[]; runs: () => number } {
  const local = createLocalHost();
  const reads: string[] = [];
  let runs = 0;
  const host: Host = {
    ...local,
    stat: (p) => (reads.push(`stat ${p}`), local.stat(p)),
    readFile: (p, options) => (reads.push(`read ${p}`), local.readFile(p, options)),
    list: (p) => (reads.push(`list ${p}`), local.list(p)),
    resolveLinks: (p) => (reads.push(`resolve ${p}`), local.resolveLinks(p)),
    readAhead: async (request) => {
      runs += 1;
      return snapshotView(host, await execReadAhead(localBash, request));
    },
  };
  return { host, reads, runs: () => runs };
}

const withoutTime = <T extends { mtimeMs: number } | null>(stat: T) => (stat === null ? null : { ...stat, mtimeMs: 0 });
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'ok', (error: { code?: string }) => error.code ?? 'no code');

let folder: string;
let install: TempInstall;
let p: (...parts: string[]) => string;
const MAX = 4096;

beforeAll(async () => {
  install = await createTempInstall({
    envContent: 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nadminSettings__admins=zoë@example.com\n',
    licenses: { 'a.json': '{}', 'we ird\nname.json': '{"x":1}' },
  });
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-read-ahead-'));
  p = (...parts) => path.join(folder, ...parts);
  const licenses = path.join(install.bwdata, 'core', 'licenses', 'organization');
  await fs.symlink(path.join(licenses, 'a.json'), path.join(licenses, 'link.json'));
  await fs.mkdir(path.join(licenses, 'sub'));
  await fs.symlink(install.root, p('linked-install'));
  await fs.writeFile(p('big'), Buffer.alloc(MAX + 1, 'x'));
  await fs.symlink(p('big'), p('big-link'));
  await fs.writeFile(p('exact'), Buffer.alloc(MAX, 'y'));
  await fs.writeFile(p('binary'), Buffer.from([0, 255, 10, 13, 0, 1]));
  await fs.writeFile(p('plain file'), 'text');
  await fs.symlink(p('nowhere'), p('dangling'));
  await fs.mkdir(p('empty'));
});

afterAll(async () => {
  await install?.dispose();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

describe('read-ahead over the exec script', () => {
  it('answers stat, realpath, reads and listings exactly as the host does, without falling through', async () => {
    const { host, reads } = countingHost();
    const local = createLocalHost();
    const request: HostReadAhead = {
      stat: [install.root, install.bwdata, p('linked-install'), p('linked-install', 'bwdata'), p('missing'), p('missing', 'deeper'), p('plain file', 'child'), p('dangling')],
      read: [install.envFile, p('linked-install', 'bwdata', 'env', 'global.override.env'), p('exact'), p('binary')],
      list: [path.join(install.bwdata, 'core', 'licenses', 'organization'), p('empty')],
      maxBytes: MAX,
    };
    const view = await host.readAhead!(request);
    for (const target of [...request.stat, ...request.read, ...request.list]) {
      expect(withoutTime(await view.stat(target)), target).toEqual(withoutTime(await local.stat(target)));
    }
    for (const target of [install.root, p('linked-install'), p('linked-install', 'bwdata'), ...request.read]) {
      expect(await view.resolveLinks(target), target).toBe(await local.resolveLinks(target));
    }
    // The link's target was stat'ed too, as locateInstall asks for it.
    expect(withoutTime(await view.stat(install.root))).toEqual(withoutTime(await local.stat(install.root)));
    for (const target of request.read) expect(Buffer.from(await view.readFile(target, { maxBytes: MAX })), target).toEqual(Buffer.from(await local.readFile(target, { maxBytes: MAX })));
    for (const target of request.list) expect(await view.list(target), target).toEqual(await local.list(target));
    expect(reads).toEqual([]);
  });

  it('leaves what it cannot vouch for to the host, which answers with its own errors', async () => {
    const { host, reads } = countingHost();
    const local = createLocalHost();
    const view = await host.readAhead!({ stat: [p('dangling')], read: [p('big'), p('big-link'), p('empty'), p('missing')], list: [p('missing'), p('plain file')], maxBytes: MAX });
    expect(await codeOf(view.readFile(p('big'), { maxBytes: MAX }))).toBe(await codeOf(local.readFile(p('big'), { maxBytes: MAX })));
    // A small link to a large file: the file's size decides, not the link's.
    expect(await codeOf(view.readFile(p('big-link'), { maxBytes: MAX }))).toBe('too-large');
    expect(await codeOf(view.readFile(p('empty'), { maxBytes: MAX }))).toBe(await codeOf(local.readFile(p('empty'), { maxBytes: MAX })));
    expect(await codeOf(view.resolveLinks(p('dangling')))).toBe(await codeOf(local.resolveLinks(p('dangling'))));
    expect(await codeOf(view.list(p('plain file')))).toBe(await codeOf(local.list(p('plain file'))));
    // A folder known to be missing is refused from the snapshot with the host's code.
    expect(await codeOf(view.list(p('missing')))).toBe('not-found');
    expect(await codeOf(local.list(p('missing')))).toBe('not-found');
    expect(reads).toEqual([`read ${p('big')}`, `read ${p('big-link')}`, `read ${p('empty')}`, `resolve ${p('dangling')}`, `list ${p('plain file')}`]);
  });

  it('answers a covered read-ahead from the same snapshot, and drops it before a change', async () => {
    const { host, reads, runs } = countingHost();
    const view = await host.readAhead!({ stat: [install.root], read: [install.envFile], list: [], maxBytes: MAX });
    expect(await view.readAhead!({ stat: [install.root], read: [install.envFile], list: [], maxBytes: MAX })).toBe(view);
    expect(runs()).toBe(1);
    await view.readAhead!({ stat: [install.bwdata], read: [], list: [], maxBytes: MAX });
    expect(runs()).toBe(2);
    const lock = await view.lock(install.envFile);
    await lock.release();
    await view.stat(install.root);
    expect(reads).toEqual([`stat ${install.root}`]);
  });

  it('gives the same install status as reading file by file, from one run', async () => {
    const { host, reads, runs } = countingHost();
    for (const dir of [install.root, install.bwdata, p('linked-install')]) {
      expect(await readInstallStatus(host, dir), dir).toEqual(await readInstallStatus(createLocalHost(), dir));
    }
    expect(runs()).toBe(3);
    expect(reads).toEqual([]);
  });

  it('says who ran it in the same run when asked, as `id` does, and the snapshot is the same', async () => {
    const request: HostReadAhead = { stat: [install.root], read: [install.envFile], list: [], maxBytes: MAX };
    const said: string[] = [];
    const withIdentity = await execReadAhead(localBash, request, (idOutput) => said.push(idOutput));
    const without = await execReadAhead(localBash, request);
    expect(said).toHaveLength(1);
    const name = await new Promise<string>((resolve) => execFile('id', ['-un'], (_error, out) => resolve(String(out).trim())));
    expect(parseIdLine(said[0]!)).toEqual({ uid: process.getuid!(), gid: process.getgid!(), userName: name, isRoot: process.getuid!() === 0 });
    expect(withIdentity.files).toEqual(without.files);
    expect([...withIdentity.stats.keys()]).toEqual([...without.stats.keys()]);
  });

  it.skipIf(sshSkipReason() !== null)(`says who another user is exactly as \`id\` does, without running it${sshSkipReason() ? ` (skipped: ${sshSkipReason()})` : ''}`, async () => {
    await ensureTestUsers();
    // PATH leads nowhere in the read-ahead's run: it must name the user without running `id`.
    const asLoginUser = (pathVariable: string) => (script: string, args: readonly string[]) =>
      new Promise<ExecResult>((resolve) => {
        execFile('runuser', ['-u', LOGIN_USER, '--', 'env', `PATH=${pathVariable}`, '/bin/bash', '-c', script, 'bash', ...args], { encoding: 'buffer', cwd: '/' }, (error, stdout, stderr) => {
          resolve({ code: error ? 1 : 0, signal: null, stdout, stderr: stderr.toString('utf8') });
        });
      });
    const said: string[] = [];
    await execReadAhead(asLoginUser('/nonexistent'), { stat: [], read: [], list: [], maxBytes: MAX }, (idOutput) => said.push(idOutput));
    const id = await asLoginUser('/usr/bin:/bin')('LC_ALL=C id', []);
    expect(said).toHaveLength(1);
    expect(parseIdLine(said[0]!)).toEqual(parseIdLine(id.stdout.toString('utf8')));
    expect(parseIdLine(said[0]!)).toMatchObject({ userName: LOGIN_USER, isRoot: false });
  });

  it('falls back to the host when the run fails', async () => {
    const local = createLocalHost();
    const snapshot = await execReadAhead(async () => ({ code: 127, signal: null, stdout: Buffer.alloc(0), stderr: 'bash: not found' }), {
      stat: [install.root],
      read: [],
      list: [],
      maxBytes: MAX,
    });
    expect(snapshot.stats.size + snapshot.asked.size).toBe(0);
    expect(withoutTime(await snapshotView(local, snapshot).stat(install.root))).toEqual(withoutTime(await local.stat(install.root)));
  });
});

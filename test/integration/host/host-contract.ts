import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostConnectError, HostLockBusyError, isHostError, LOCK_STALE_MS, type Host, type HostLockHolder, type HostOutputLine, type HostRunStarted } from '../../../main/core/host';
import { processStartTicks } from '../../../main/core/host/lock-staleness';

export interface ContractContext {
  host: Host;
  /** A fresh empty folder the host's user owns. */
  newFolder(): Promise<string>;
  /** Gives files the test made (as root) to the host's user, like an install it owns. */
  handOver(target: string): Promise<void>;
}

export interface ContractSetup {
  start(): Promise<ContractContext>;
  stop(): Promise<void>;
}

/** A lock folder made when its holder says it took the lock (a server judges the age by the folder, a local lock by `since`). */
const ageFolder = async (folder: string, since: string) => {
  await fs.utimes(folder, new Date(since), new Date(since));
};

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const waitUntil = async (done: () => boolean) => {
  for (let tries = 0; tries < 200 && !done(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 25));
};

const text = (data: Uint8Array) => Buffer.from(data).toString('utf8');
const bytes = (value: string) => new Uint8Array(Buffer.from(value));

/** The same assertions for every Host implementation: this computer and a server over SSH. */
export function describeHostContract(name: string, setup: ContractSetup, skipReason: string | null = null): void {
  describe.skipIf(skipReason !== null)(`Host contract: ${name}${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
    let ctx: ContractContext;
    let folder: string;
    beforeAll(async () => {
      ctx = await setup.start();
    });
    afterAll(async () => {
      await setup.stop();
    });
    beforeEach(async () => {
      folder = await ctx.newFolder();
      await fs.writeFile(path.join(folder, 'global.override.env'), 'globalSettings__a=1\n', { mode: 0o600 });
      await fs.mkdir(path.join(folder, 'sub'));
      await fs.symlink('global.override.env', path.join(folder, 'link.env'));
      await ctx.handOver(folder);
    });

    it('stats files, folders and links without following the link; a missing path is null', async () => {
      const file = await ctx.host.stat(path.join(folder, 'global.override.env'));
      expect(file).toMatchObject({ kind: 'file', size: 20, mode: 0o600 });
      expect((await ctx.host.stat(path.join(folder, 'sub')))?.kind).toBe('directory');
      expect((await ctx.host.stat(path.join(folder, 'link.env')))?.kind).toBe('symlink');
      expect(await ctx.host.stat(path.join(folder, 'missing'))).toBeNull();
    });

    it('reads a file through a link, refuses one over maxBytes, a folder and a missing path', async () => {
      expect(text(await ctx.host.readFile(path.join(folder, 'link.env'), { maxBytes: 100 }))).toBe('globalSettings__a=1\n');
      await expect(ctx.host.readFile(path.join(folder, 'global.override.env'), { maxBytes: 10 })).rejects.toSatisfy((e) => isHostError(e, 'too-large'));
      await expect(ctx.host.readFile(path.join(folder, 'sub'), { maxBytes: 10 })).rejects.toSatisfy((e) => isHostError(e, 'not-a-file'));
      await expect(ctx.host.readFile(path.join(folder, 'missing'), { maxBytes: 10 })).rejects.toSatisfy((e) => isHostError(e, 'not-found'));
    });

    it('lists a folder sorted with kinds, and resolves links', async () => {
      expect(await ctx.host.list(folder)).toEqual([
        { name: 'global.override.env', kind: 'file' },
        { name: 'link.env', kind: 'symlink' },
        { name: 'sub', kind: 'directory' },
      ]);
      await expect(ctx.host.list(path.join(folder, 'missing'))).rejects.toSatisfy((e) => isHostError(e, 'not-found'));
      const real = await fs.realpath(folder);
      expect(await ctx.host.resolveLinks(path.join(folder, 'link.env'))).toBe(path.join(real, 'global.override.env'));
    });

    it('backs up keeping mode and owner, never over an existing backup', async () => {
      const source = path.join(folder, 'global.override.env');
      const backup = path.join(folder, 'global.override.env.bak');
      await ctx.host.backup(source, backup);
      const [original, copy] = await Promise.all([fs.stat(source), fs.stat(backup)]);
      expect(copy.mode & 0o7777).toBe(0o600);
      expect([copy.uid, copy.gid]).toEqual([original.uid, original.gid]);
      expect(await fs.readFile(backup, 'utf8')).toBe('globalSettings__a=1\n');
      await expect(ctx.host.backup(source, backup)).rejects.toSatisfy((e) => isHostError(e, 'already-exists'));
    });

    it('writes only if unchanged: through the link, keeping mode and owner, leaving no temp file', async () => {
      const target = path.join(folder, 'global.override.env');
      const before = await fs.stat(target);
      await ctx.host.writeFileIfUnchanged(path.join(folder, 'link.env'), bytes('globalSettings__a=1\n'), bytes('globalSettings__a=2\n'));
      expect(await fs.readFile(target, 'utf8')).toBe('globalSettings__a=2\n');
      expect((await fs.lstat(path.join(folder, 'link.env'))).isSymbolicLink()).toBe(true);
      const after = await fs.stat(target);
      expect([after.mode & 0o7777, after.uid, after.gid]).toEqual([0o600, before.uid, before.gid]);
      expect((await fs.readdir(folder)).sort()).toEqual(['global.override.env', 'link.env', 'sub']);
    });

    it('refuses with changed-during-edit when the file changed since it was read, writing nothing', async () => {
      const target = path.join(folder, 'global.override.env');
      await fs.writeFile(target, 'globalSettings__a=someone-else\n');
      await expect(ctx.host.writeFileIfUnchanged(target, bytes('globalSettings__a=1\n'), bytes('globalSettings__a=2\n'))).rejects.toSatisfy((e) => isHostError(e, 'changed-during-edit'));
      expect(await fs.readFile(target, 'utf8')).toBe('globalSettings__a=someone-else\n');
      expect((await fs.readdir(folder)).sort()).toEqual(['global.override.env', 'link.env', 'sub']);
    });

    it('locks exclusively: a second taker is busy, and the lock is free again after release', async () => {
      const target = path.join(folder, 'global.override.env');
      const lock = await ctx.host.lock(target);
      await expect(ctx.host.lock(target, { waitMs: 300 })).rejects.toSatisfy((e) => isHostError(e, 'busy'));
      await lock.release();
      const again = await ctx.host.lock(target, { waitMs: 300 });
      await again.release();
      expect(await ctx.host.stat(`${target}.lock`)).toBeNull();
    });

    it('takes over a stale lock: its holder process is gone, or it is older than the stale age', async () => {
      const target = path.join(folder, 'global.override.env');
      const lockFolder = `${target}.lock`;
      const holders = [
        { pid: 2 ** 22 + 12345, hostname: os.hostname(), user: 'someone', command: 'crashed', since: new Date().toISOString() },
        { pid: process.pid, hostname: 'elsewhere.example', user: 'someone', command: 'forgotten', since: new Date(Date.now() - 2 * LOCK_STALE_MS).toISOString() },
      ];
      for (const holder of holders) {
        await fs.mkdir(lockFolder);
        await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(holder));
        await ctx.handOver(lockFolder);
        await ageFolder(lockFolder, holder.since);
        const lock = await ctx.host.lock(target, { waitMs: 2_000 });
        const owner = JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as { command: string };
        expect(owner.command).not.toBe(holder.command);
        await lock.release();
      }
      await fs.mkdir(lockFolder);
      await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify({ ...holders[0], pid: process.pid, command: 'alive' }));
      await ctx.handOver(lockFolder);
      await expect(ctx.host.lock(target, { waitMs: 300 })).rejects.toThrow(/alive \(pid/);
      await fs.rm(lockFolder, { recursive: true });
    });

    it('a long-held lock is kept past the stale age while its process lives, taken over once it is gone, and names its holder when busy', async () => {
      const target = path.join(folder, 'apply');
      const lockFolder = `${target}.lock`;
      const old = new Date(Date.now() - 5 * LOCK_STALE_MS).toISOString();
      const writeHolder = async (holder: HostLockHolder) => {
        await fs.mkdir(lockFolder);
        await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(holder));
        await ctx.handOver(lockFolder);
        await ageFolder(lockFolder, holder.since);
      };
      // Alive here, taken 5 stale ages ago: a rebuild still running, not a crash.
      await writeHolder({ pid: process.pid, hostname: os.hostname(), user: 'someone', command: 'rebuilding', since: old, longHeld: true });
      const busy = await ctx.host.lock(target, { waitMs: 300 }).catch((error: unknown) => error);
      expect(busy).toBeInstanceOf(HostLockBusyError);
      expect((busy as HostLockBusyError).holder).toMatchObject({ pid: process.pid, command: 'rebuilding', since: old, longHeld: true });
      await fs.rm(lockFolder, { recursive: true });
      // Its process is gone (a SIGKILLed CLI): taken over at once, however young.
      await writeHolder({ pid: 2 ** 22 + 4321, hostname: os.hostname(), user: 'someone', command: 'killed', since: new Date().toISOString(), longHeld: true });
      const taken = await ctx.host.lock(target, { waitMs: 2_000, longHeld: true });
      const owner = JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as HostLockHolder;
      expect(owner).toMatchObject({ pid: process.pid, hostname: os.hostname(), longHeld: true });
      await taken.release();
      // Its pid now belongs to another process (this one, started at another time): gone all the same.
      await writeHolder({ pid: process.pid, hostname: os.hostname(), user: 'someone', command: 'reused', since: old, longHeld: true, startTicks: '1' });
      const reused = await ctx.host.lock(target, { waitMs: 2_000 });
      expect((JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as HostLockHolder).command).not.toBe('reused');
      await reused.release();
      // A process nobody here can look at (another machine) falls back to the stale age.
      await writeHolder({ pid: process.pid, hostname: 'elsewhere.example', user: 'someone', command: 'far', since: old, longHeld: true });
      const fallback = await ctx.host.lock(target, { waitMs: 2_000 });
      expect((JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as HostLockHolder).command).not.toBe('far');
      await fallback.release();
      expect(await ctx.host.stat(lockFolder)).toBeNull();
    });

    it('a long-held lock whose holder died lives on while the run it named does: its process, or any of its process group', async () => {
      const target = path.join(folder, 'apply');
      const lockFolder = `${target}.lock`;
      const old = new Date(Date.now() - 5 * LOCK_STALE_MS).toISOString();
      const killedCli = { pid: 2 ** 22 + 4321, hostname: os.hostname(), user: 'someone', command: 'killed-cli', since: old, longHeld: true };
      const writeHolder = async (holder: HostLockHolder) => {
        await fs.mkdir(lockFolder);
        await fs.writeFile(path.join(lockFolder, 'owner.json'), JSON.stringify(holder));
        await ctx.handOver(lockFolder);
        await ageFolder(lockFolder, holder.since);
      };
      const ownerOf = async () => (JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as HostLockHolder).command;
      // A program leading its own group whose shell is gone while a child (a docker command) still runs.
      const leader = spawn('bash', ['-c', 'sleep 600 & echo "$!"; wait'], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
      const child = Number((await once(leader.stdout!, 'data'))[0].toString());
      try {
        await writeHolder({ ...killedCli, run: { pid: leader.pid!, startTicks: processStartTicks(leader.pid!)!, group: true } });
        await expect(ctx.host.lock(target, { waitMs: 300 })).rejects.toSatisfy((e) => isHostError(e, 'busy'));
        leader.kill('SIGKILL');
        await once(leader, 'exit');
        await expect(ctx.host.lock(target, { waitMs: 300 })).rejects.toSatisfy((e) => isHostError(e, 'busy'));
        process.kill(child, 'SIGKILL');
        await waitUntil(() => !alive(child));
        const taken = await ctx.host.lock(target, { waitMs: 2_000 });
        expect(await ownerOf()).not.toBe('killed-cli');
        await taken.release();
      } finally {
        try {
          process.kill(-leader.pid!, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
      // A run's process that is not a group (the wrapper on a server): its own pid and start time decide.
      await writeHolder({ ...killedCli, run: { pid: process.pid, startTicks: processStartTicks(process.pid)! } });
      await expect(ctx.host.lock(target, { waitMs: 300 })).rejects.toSatisfy((e) => isHostError(e, 'busy'));
      await fs.rm(lockFolder, { recursive: true });
      await writeHolder({ ...killedCli, run: { pid: process.pid, startTicks: '1' } });
      const reused = await ctx.host.lock(target, { waitMs: 2_000 });
      expect(await ownerOf()).not.toBe('killed-cli');
      await reused.release();
    });

    it('tells onStarted once, before the first line; a recorded run is listed by then; a program that cannot start is not started', async () => {
      const events: string[] = [];
      let started: HostRunStarted | undefined;
      let listedAtStart: Promise<unknown> | undefined;
      const tag = `started-${Date.now()}`;
      const go = path.join(folder, 'go');
      const result = await ctx.host.run({
        command: 'bash',
        // Waits for the test to look at the runs first, so the run is still going when it is listed
        // (up to a minute: the listing's speed is not under test).
        args: ['-c', `for _ in $(seq 600); do [ -e ${go} ] && break; sleep 0.1; done; echo first; echo second`],
        cwd: folder,
        record: { tags: { kind: 'contract', tag } },
        onStarted: (info) => {
          events.push('started');
          started = info;
          listedAtStart = (ctx.host.listRuns ? ctx.host.listRuns() : Promise.resolve([])).finally(() => fs.writeFile(go, ''));
        },
        onLine: (line) => events.push(line.text),
      });
      expect(result.exitCode).toBe(0);
      expect(events).toEqual(['started', 'first', 'second']);
      // The process that lives as long as the run (named in an apply lock): gone once the run ended.
      expect(started?.process?.pid).toBeGreaterThan(0);
      expect(started?.process?.startTicks).toMatch(/^\d+$/);
      const runs = (await listedAtStart) as { id: string; state: string; tags: Record<string, string> }[];
      if (ctx.host.listRuns) {
        // Where runs are recorded, the id it was told is the record another process finds, already running.
        expect(started?.recordedAs).toMatch(/^\d{8}-\d{6}-[A-Za-z0-9]{6}$/);
        expect(runs.find((run) => run.tags.tag === tag)).toMatchObject({ id: started?.recordedAs, state: 'running' });
      } else {
        expect(started).toMatchObject({ recordedAs: null, process: { group: true } });
        expect(runs).toEqual([]);
      }
      let missingStarted = false;
      const missing = await ctx.host.run({ command: 'no-such-program-sst', args: [], cwd: folder, onStarted: () => (missingStarted = true) });
      expect(missing.spawnError).toBeTruthy();
      expect(missingStarted).toBe(false);
    });

    it('runs a program streaming stdout and stderr lines and reporting its exit code', async () => {
      const lines: HostOutputLine[] = [];
      const result = await ctx.host.run({
        command: 'bash',
        args: ['-c', 'echo "out 1"; echo "err 1" >&2; echo "out $GREETING"; exit 3'],
        cwd: folder,
        env: { GREETING: 'two words' },
        onLine: (line) => lines.push(line),
      });
      expect(result).toMatchObject({ exitCode: 3, signal: null, cancelled: false, timedOut: false });
      expect(lines.filter((l) => l.stream === 'stdout').map((l) => l.text)).toEqual(['out 1', 'out two words']);
      expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['err 1']);
    });

    it('runs in the given folder, and reports a program that does not exist as a spawn error', async () => {
      const lines: string[] = [];
      await ctx.host.run({ command: 'pwd', args: [], cwd: path.join(folder, 'sub'), onLine: (l) => lines.push(l.text) });
      expect(lines).toEqual([path.join(await fs.realpath(folder), 'sub')]);
      const missing = await ctx.host.run({ command: 'no-such-program-sst', args: [], cwd: folder });
      expect(missing.spawnError).toBeTruthy();
      expect(missing.exitCode).toBeNull();
    });

    it('cancels a run: the whole process group gets SIGTERM', async () => {
      const controller = new AbortController();
      const result = await ctx.host.run({
        command: 'bash',
        args: ['-c', 'echo started; sleep 30 & wait'],
        cwd: folder,
        signal: controller.signal,
        killGraceMs: 1_000,
        onLine: (line) => {
          if (line.text === 'started') controller.abort();
        },
      });
      expect(result.cancelled).toBe(true);
      expect(result.signal ?? result.exitCode).not.toBe(0);
    });

    it('ends a run that stays silent past idleTimeoutMs as timedOut', async () => {
      const result = await ctx.host.run({ command: 'bash', args: ['-c', 'echo waiting; sleep 30'], cwd: folder, idleTimeoutMs: 1_500, killGraceMs: 500 });
      expect(result.timedOut).toBe(true);
      expect(result.cancelled).toBe(false);
    });

    it('connects to a TCP port from the host network, and names a refused port ECONNREFUSED', async () => {
      const sockets = new Set<net.Socket>();
      const server = net.createServer((socket) => {
        sockets.add(socket);
        socket.end('hello from the port\n');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      try {
        const stream: Duplex = await ctx.host.connect('127.0.0.1', port, AbortSignal.timeout(5_000));
        const received = await new Promise<string>((resolve) => {
          let data = '';
          stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
          stream.on('end', () => resolve(data));
        });
        stream.destroy();
        expect(received).toBe('hello from the port\n');
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise((resolve) => server.close(resolve));
      }
      const refused = await ctx.host.connect('127.0.0.1', port, AbortSignal.timeout(5_000)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(HostConnectError);
      expect((refused as HostConnectError).code).toBe('ECONNREFUSED');
    });
  });
}

import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHostError, type HostRunRecord, type HostRunResult } from '../../../main/core/host';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import { isSshError, type SshHost } from '../../../main/core/host/ssh/ssh-types';
import { chownTree, ensureTestUsers, LOGIN_USER, makeKey, promptsAnswering, specFor, sshSkipReason, startSshd, trustingOnly, type TestKey, type TestSshd } from '../../support/ssh';

const skipReason = sshSkipReason();

/**
 * A stand-in for bitwarden.sh restart: stops, waits (for `${pidFile}.go` to exist, at most 60 s),
 * starts; the pid of its waiting child lands in `pidFile`.
 */
function fakeRestart(pidFile: string, exitCode = 0): string[] {
  const wait = `for _ in $(seq 600); do [ -e ${pidFile}.go ] && break; sleep 0.1; done`;
  return ['-c', `echo "Stopping containers"; (${wait}) & echo $! > ${pidFile}; wait; echo "Starting containers" >&2; echo "Started"; exit ${exitCode}`];
}

/** Lets a fakeRestart go on to "start". */
const letStart = (pidFile: string) => fs.writeFile(`${pidFile}.go`, '');

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(skipReason !== null)(`SSH runs re-attached from a new connection${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let key: TestKey;
  let sshd: TestSshd;
  const open = () => openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });

  beforeAll(async () => {
    await ensureTestUsers();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-reattach-'));
    key = await makeKey(folder, 'id_ed25519');
    await chownTree(folder, LOGIN_USER);
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] } });
  });

  afterAll(async () => {
    await sshd?.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  /** Starts a recorded run on a first connection and closes that connection once the run printed its first line. */
  async function startThenCloseLink(args: string[], tag: string): Promise<{ outcome: HostRunResult | unknown; firstLines: string[] }> {
    const first = await open();
    const firstLines: string[] = [];
    let closing: Promise<void> | null = null;
    const outcome = await first
      .run({
        command: 'bash',
        args,
        cwd: folder,
        record: { tags: { kind: 'test', tag } },
        onLine: (line) => {
          firstLines.push(line.text);
          closing ??= first.close();
        },
      })
      .catch((error: unknown) => error);
    await closing;
    return { outcome, firstLines };
  }

  const findRun = async (host: SshHost, tag: string): Promise<HostRunRecord | undefined> => (await host.listRuns!()).find((run) => run.tags.tag === tag);

  it('a run whose connection closed mid-run goes on, is listed as running from a new connection, and is attached there to its end and exit code', async () => {
    const tag = randomBytes(6).toString('hex');
    const pidFile = path.join(folder, `${tag}.pid`);
    const { outcome, firstLines } = await startThenCloseLink(fakeRestart(pidFile, 7), tag);
    expect(firstLines).toEqual(['Stopping containers']);
    expect(isSshError(outcome, 'connection-lost')).toBe(true);
    const lost = outcome as Error & { details: { runId?: string; runLog?: string } };
    expect(lost.message).toContain('goes on on the server');
    expect(lost.details.runId).toMatch(/^\d{8}-\d{6}-[A-Za-z0-9]{6}$/);

    const second = await open();
    try {
      const listed = await findRun(second, tag);
      expect(listed).toMatchObject({ id: lost.details.runId, state: 'running', seen: false, command: 'bash', cwd: folder, exitCode: null, logPath: lost.details.runLog });
      const lines: string[] = [];
      const result = await second.attachRun!(listed!.id, {
        onLine: (line) => {
          lines.push(`${line.stream} ${line.text}`);
          void letStart(pidFile);
        },
      });
      expect(result).toMatchObject({ exitCode: 7, signal: null, cancelled: false, timedOut: false });
      // stdout and stderr reach the log through two pipes: their order against each other is not kept.
      expect(lines.filter((line) => line.startsWith('stdout'))).toEqual(['stdout Stopping containers', 'stdout Started']);
      expect(lines.filter((line) => line.startsWith('stderr'))).toEqual(['stderr Starting containers']);
      const after = await findRun(second, tag);
      expect(after).toMatchObject({ state: 'finished', exitCode: 7, seen: true });
      expect(after!.endedAt).not.toBeNull();
    } finally {
      await second.close();
    }
  });

  it('a finished run is read after the fact from a third connection: the whole log and its exit code, at once', async () => {
    const tag = randomBytes(6).toString('hex');
    const first = await open();
    const result = await first.run({ command: 'bash', args: ['-c', 'echo done-here; exit 0'], cwd: folder, record: { tags: { kind: 'test', tag } } });
    await first.close();
    expect(result.exitCode).toBe(0);
    const third = await open();
    try {
      const listed = await findRun(third, tag);
      expect(listed).toMatchObject({ state: 'finished', exitCode: 0, seen: true });
      const lines: string[] = [];
      const again = await third.attachRun!(listed!.id, { onLine: (line) => lines.push(line.text) });
      expect(again.exitCode).toBe(0);
      expect(lines).toEqual(['done-here']);
    } finally {
      await third.close();
    }
  });

  it('an attached run survives a killed link: the follow re-attaches without losing or repeating a line', async () => {
    const tag = randomBytes(6).toString('hex');
    const pidFile = path.join(folder, `${tag}.pid`);
    await startThenCloseLink(fakeRestart(pidFile), tag);
    const second = await open();
    try {
      const listed = await waitFor(() => findRun(second, tag), 'the run to be listed');
      const lines: string[] = [];
      let dropped = false;
      const result = await second.attachRun!(listed.id, {
        onLine: (line) => {
          lines.push(line.text);
          if (!dropped) {
            dropped = true;
            void sshd.dropConnections().then(() => letStart(pidFile));
          }
        },
      });
      expect(dropped).toBe(true);
      expect(result.exitCode).toBe(0);
      expect(lines.filter((line) => line !== 'Starting containers')).toEqual(['Stopping containers', 'Started']);
      expect(lines.filter((line) => line === 'Starting containers')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('cancel from an attaching connection stops the whole process group on the server (TERM), and the run is recorded as ended by it', async () => {
    const tag = randomBytes(6).toString('hex');
    const pidFile = path.join(folder, `${tag}.pid`);
    await startThenCloseLink(fakeRestart(pidFile), tag);
    const childPid = Number(await waitFor(async () => (await fs.readFile(pidFile, 'utf8').catch(() => '')).trim() || undefined, 'the child pid'));
    expect(processAlive(childPid)).toBe(true);
    const second = await open();
    try {
      const listed = await findRun(second, tag);
      const controller = new AbortController();
      const result = await second.attachRun!(listed!.id, { signal: controller.signal, killGraceMs: 2_000, onLine: () => controller.abort() });
      expect(result).toMatchObject({ cancelled: true, exitCode: null, signal: 'SIGTERM' });
      await waitFor(async () => (processAlive(childPid) ? undefined : true), 'the child to end');
      expect(await findRun(second, tag)).toMatchObject({ state: 'finished', signal: 'SIGTERM', exitCode: null });
    } finally {
      await second.close();
    }
  });

  it('a run whose wrapper was killed is listed as lost; an unknown or malformed id is not-found', async () => {
    const tag = randomBytes(6).toString('hex');
    const pidFile = path.join(folder, `${tag}.pid`);
    await startThenCloseLink(fakeRestart(pidFile), tag);
    const host = await open();
    try {
      const listed = await findRun(host, tag);
      const wrapperPid = Number((await fs.readFile(path.join(path.dirname(listed!.logPath), 'wrapper'), 'utf8')).split(' ')[0]);
      const childPid = Number((await fs.readFile(pidFile, 'utf8')).trim());
      process.kill(wrapperPid, 'SIGKILL');
      process.kill(childPid, 'SIGKILL');
      const lost = await waitFor(async () => {
        const run = await findRun(host, tag);
        return run?.state === 'lost' ? run : undefined;
      }, 'the run to be lost');
      expect(lost).toMatchObject({ exitCode: null, endedAt: null });
      const attached = await host.attachRun!(lost.id, {});
      expect(attached.spawnError).toMatch(/without recording its exit code/);
      await expect(host.attachRun!('20200101-000000-AAAAAA', {})).rejects.toSatisfy((error: unknown) => isHostError(error, 'not-found'));
      await expect(host.attachRun!('../../etc', {})).rejects.toSatisfy((error: unknown) => isHostError(error, 'not-found'));
    } finally {
      await host.close();
    }
  });

  it('a run without record stays out of the list and leaves nothing behind', async () => {
    const host = await open();
    try {
      const before = (await host.listRuns!()).length;
      const result = await host.run({ command: 'bash', args: ['-c', 'echo unrecorded'], cwd: folder });
      expect(result.exitCode).toBe(0);
      expect((await host.listRuns!()).length).toBe(before);
    } finally {
      await host.close();
    }
  });
});

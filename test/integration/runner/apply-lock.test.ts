import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost, HostLockBusyError, lockFolderFor, type Host, type HostLockHolder } from '../../../main/core/host';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { applyConfiguration, attachApplyRun, listApplyRuns, type ApplyResult } from '../../../main/core/runner';
import { applyLockTarget } from '../../../main/core/runner/apply-gate';
import { CoreError } from '../../../main/core/shared';
import { installOwnerIds, loginKeyFolder, openAsLoginUser, OWNER_USER, sshSkipReason, startSshdFor, type TestKey, type TestSshd } from '../../support/ssh';
import { mountTmpfsOn } from '../../support/mount-point';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';

const ENV = 'globalSettings__enableCloudCommunication=true\n';
const temp = tempInstallsPerTest({ envContent: ENV });
const skipReason = sshSkipReason();

/** The stand-in's calls without the uid: one line per bitwarden.sh invocation. */
const argsOf = async (install: { calls(): Promise<string[]> }) => (await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''));

/**
 * Settles applies whose bitwarden.sh holds the stack stopped until `signalGo`: the first refusal lets
 * it go, so the winner is still running whenever the loser looks, however slow the machine.
 */
function settleLettingGo(install: { signalGo(): Promise<void> }, applies: Promise<ApplyResult>[]): Promise<PromiseSettledResult<ApplyResult>[]> {
  return Promise.allSettled(
    applies.map((apply) =>
      apply.catch(async (error: unknown) => {
        await install.signalGo();
        throw error;
      }),
    ),
  );
}

/** Exactly one of two applies started together ran; returns the refusal of the other. */
function oneRanOneRefused(outcomes: PromiseSettledResult<ApplyResult>[]): CoreError {
  const ran = outcomes.filter((outcome): outcome is PromiseFulfilledResult<ApplyResult> => outcome.status === 'fulfilled');
  const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  expect(ran).toHaveLength(1);
  expect(ran[0]!.value.ok).toBe(true);
  expect(refused).toHaveLength(1);
  const error = refused[0]!.reason as CoreError;
  expect(error).toBeInstanceOf(CoreError);
  expect(error.code).toBe('run-in-progress');
  expect(error.outcome).toBe('problem');
  return error;
}

describe('one apply per install on this computer (a lock held for the whole apply)', () => {
  const host = createLocalHost();

  it('two applies started at the same moment: exactly one runs bitwarden.sh, the other is refused naming the holder', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', hold: 30 } });
    const outcomes = await settleLettingGo(install, [
      applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 40_000 }),
      applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 40_000 }),
    ]);
    const error = oneRanOneRefused(outcomes);
    expect(error.details).toMatchObject({ holder: { pid: process.pid }, lockPath: lockFolderFor(applyLockTarget(host, install.root)) });
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(await argsOf(install)).toEqual(['args=restart']);
    // Released when the apply ended: the next one runs.
    await install.setControl({ rootPrompt: 'skip' });
    expect((await applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 20_000 })).ok).toBe(true);
    expect(await argsOf(install)).toEqual(['args=restart', 'args=restart']);
    expect(await host.stat(lockFolderFor(applyLockTarget(host, install.root)))).toBeNull();
  });

  it('holds the lock across rebuild and start: a second apply between them is refused and nothing of it runs', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', hold: 30, holdOnly: 'start' } });
    let second: Promise<unknown> | undefined;
    const first = await applyConfiguration(host, install.root, {
      method: 'rebuild',
      idleTimeoutMs: 40_000,
      onLine: (line) => {
        // Once start runs, rebuild has ended: the second apply comes after a command ended, where a
        // lock let go between commands would let it in. start stays in its gap until it was answered.
        if (line.commandIndex === 1 && second === undefined) {
          second = applyConfiguration(host, install.root, { method: 'no-pull' })
            .catch((error: unknown) => error)
            .finally(() => install.signalGo());
        }
      },
    });
    expect(first.ok).toBe(true);
    expect(await second).toMatchObject({ code: 'run-in-progress' });
    expect(await argsOf(install)).toEqual(['args=rebuild', 'args=start']);
  });
  it('a cancel while another apply holds the lock ends as cancelled, with nothing started', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', hold: 30 } });
    const controller = new AbortController();
    let second: Promise<unknown> | undefined;
    const first = await applyConfiguration(host, install.root, {
      method: 'restart',
      idleTimeoutMs: 40_000,
      onLine: (line) => {
        if (line.text !== 'stopping the stack') return;
        second = applyConfiguration(host, install.root, { method: 'restart', signal: controller.signal })
          .catch((error: unknown) => error)
          .finally(() => install.signalGo());
        controller.abort();
      },
    });
    expect(first.ok).toBe(true);
    expect(await second).toMatchObject({ code: 'cancelled', outcome: 'problem' });
    expect(await argsOf(install)).toEqual(['args=restart']);
  });
});

describe('a stale lock on this computer that cannot be removed', () => {
  const host = createLocalHost();
  /** A lock whose holder ran here and is gone: stale at once, so only its removal is tried. */
  const goneHoldersLock = async (folder: string) => {
    await fs.mkdir(folder, { recursive: true });
    const holder: HostLockHolder = { pid: 2 ** 22 + 999, hostname: os.hostname(), user: 'root', command: 'gone', since: new Date().toISOString() };
    await fs.writeFile(path.join(folder, 'owner.json'), JSON.stringify(holder));
  };
  const leftAside = async (dir: string) => (await fs.readdir(dir)).filter((name) => name.includes('.stale-'));

  it('cannot be moved aside (a mount point): refused at once as stuck, naming the folder, not retried forever', async (context) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-lock-stuck-'));
    const target = path.join(dir, '.sponsorship-setup-apply');
    const folder = lockFolderFor(target);
    await fs.mkdir(folder);
    const mounted = await mountTmpfsOn(folder);
    if ('skip' in mounted) return context.skip(mounted.skip);
    try {
      await goneHoldersLock(folder);
      // A wait far longer than the test: only a refusal that does not depend on the wait ends it in time.
      const refused = await host.lock(target, { waitMs: 10 * 60_000 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(HostLockBusyError);
      expect((refused as HostLockBusyError).stuck).toBe(true);
      expect((refused as Error).message).toContain(`cannot remove ${folder}`);
      expect(await leftAside(dir)).toEqual([]);
    } finally {
      await mounted.unmount();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('moved aside but not deletable (a mount inside): what is left is put back where it was, refused as stuck, nothing left beside the install', async (context) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-lock-stuck-'));
    const target = path.join(dir, '.sponsorship-setup-apply');
    const folder = lockFolderFor(target);
    await goneHoldersLock(folder);
    await fs.mkdir(path.join(folder, 'busy'));
    const mounted = await mountTmpfsOn(path.join(folder, 'busy'));
    if ('skip' in mounted) return context.skip(mounted.skip);
    try {
      const refused = await host.lock(target, { waitMs: 10 * 60_000 }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(HostLockBusyError);
      expect((refused as HostLockBusyError).stuck).toBe(true);
      expect((refused as Error).message).toContain(`remove ${folder} as its owner`);
      expect(await leftAside(dir)).toEqual([]);
      // rm deleted what it could (owner.json) before the mount stopped it: the rest is back under the lock's name.
      expect((await fs.stat(path.join(folder, 'busy'))).isDirectory()).toBe(true);
    } finally {
      await mounted.unmount();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('an apply whose stale lock cannot be removed ends at once with why and the folder to remove, nothing started', async (context) => {
    const install = await temp({ control: { rootPrompt: 'skip' } });
    const folder = lockFolderFor(applyLockTarget(host, install.root));
    await fs.mkdir(folder);
    const mounted = await mountTmpfsOn(folder);
    if ('skip' in mounted) return context.skip(mounted.skip);
    try {
      await goneHoldersLock(folder);
      const refused = await applyConfiguration(host, install.root, { method: 'restart' }).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'run-in-progress', outcome: 'problem', details: { lockPath: folder, stuck: true } });
      expect((refused as Error).message).toContain(`cannot remove ${folder}`);
      expect((refused as Error).message).not.toContain('Another apply');
      expect(await argsOf(install)).toEqual([]);
    } finally {
      await mounted.unmount();
    }
  });
});

describe.skipIf(skipReason !== null)(`one apply per install on a server over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let keyFolder: string;
  let key: TestKey;
  let sshd: TestSshd;
  const opened: SshHost[] = [];
  /** A connection of its own (as a second CLI or the app would have), acting as the install's owner through sudo. */
  const connect = async (): Promise<Host> => {
    const login = await openAsLoginUser(sshd, key);
    opened.push(login);
    return login.asUser(OWNER_USER);
  };

  beforeAll(async () => {
    ({ folder: keyFolder, key } = await loginKeyFolder('sst-apply-lock-'));
    sshd = await startSshdFor(key);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(opened.map((host) => host.close()));
    await sshd?.stop();
    await fs.rm(keyFolder, { recursive: true, force: true });
  });

  it('two applies from two connections at the same moment: exactly one runs bitwarden.sh, the other is refused with the run to attach to', async () => {
    const install = await temp({ owner: await installOwnerIds(), control: { rootPrompt: 'skip', hold: 60 } });
    const [one, two] = await Promise.all([connect(), connect()]);
    const outcomes = await settleLettingGo(install, [
      applyConfiguration(one, install.root, { method: 'restart', idleTimeoutMs: 80_000 }),
      applyConfiguration(two, install.root, { method: 'restart', idleTimeoutMs: 80_000 }),
    ]);
    const error = oneRanOneRefused(outcomes);
    const [recorded] = await listApplyRuns(one, install.root);
    // The winner holds the lock through its run; the loser, waiting, saw its record and was refused with it.
    expect(error.details).toMatchObject({ runId: recorded!.id });
    expect(error.fix).toEqual({ command: `apply --attach ${recorded!.id}` });
    expect(await argsOf(install)).toEqual(['args=restart']);
    expect(await one.stat(lockFolderFor(applyLockTarget(one, install.root)))).toBeNull();
  }, 120_000);

  it('a command of this apply that another process started and finished meanwhile is read, not started again', async () => {
    const install = await temp({ owner: await installOwnerIds(), control: { rootPrompt: 'skip', hold: 60 } });
    const [starter, other] = await Promise.all([connect(), connect()]);
    let otherDone: Promise<void> | undefined;
    const started = applyConfiguration(starter, install.root, {
      method: 'rebuild',
      idleTimeoutMs: 80_000,
      onLine: (line) => {
        if (line.commandIndex !== 0 || line.text !== 'stopping the stack') return;
        // Another process (an attacher that took over the lock, judged stale while the starter's link
        // was down) runs this apply's start to its end; the starter holds the lock by then again.
        otherDone ??= (async () => {
          const [rebuild] = await listApplyRuns(other, install.root);
          const tags = { kind: 'apply', install: install.root, method: 'rebuild', step: '1', steps: '2', apply: rebuild!.applyId! };
          // rebuild goes on only once that start is recorded, so the starter finds it when rebuild ends.
          const run = other.run({ command: './bitwarden.sh', args: ['start'], cwd: install.root, record: { tags }, onStarted: () => void install.signalGo() });
          expect((await run).exitCode).toBe(0);
        })();
      },
    });
    const result = await started;
    await otherDone;
    // The starter followed that start (its whole log, at once) instead of running start a second time.
    expect(result).toMatchObject({ ok: true, commands: [{ argv: ['./bitwarden.sh', 'rebuild'], exitCode: 0 }, { argv: ['./bitwarden.sh', 'start'], exitCode: 0 }] });
    expect(await argsOf(install)).toEqual(['args=rebuild', 'args=start']);
  }, 120_000);

  it('an attach and the apply that started the run both reach rebuild\'s end: start runs once', async () => {
    const install = await temp({ owner: await installOwnerIds(), control: { rootPrompt: 'skip', hold: 60 } });
    const [starter, attacher] = await Promise.all([connect(), connect()]);
    let attached: Promise<unknown> | undefined;
    const started = applyConfiguration(starter, install.root, {
      method: 'rebuild',
      idleTimeoutMs: 80_000,
      onLine: (line) => {
        if (line.text !== 'stopping the stack') return;
        // rebuild stays in its gap until the attacher follows it too; then both reach its end.
        attached ??= attachApplyRun(attacher, install.root, {
          idleTimeoutMs: 80_000,
          onLine: (followed) => {
            if (followed.text === 'stopping the stack') void install.signalGo();
          },
        });
      },
    });
    const [own, other] = await Promise.all([started, started.then(() => attached)]);
    expect(own.commands[0]).toMatchObject({ argv: ['./bitwarden.sh', 'rebuild'], exitCode: 0 });
    const follower = other as ApplyResult;
    expect(follower.commands[0]).toMatchObject({ argv: ['./bitwarden.sh', 'rebuild'], exitCode: 0 });
    // Whichever took the lock first started `start`; the other followed that run or was refused: never a second start.
    expect(await argsOf(install)).toEqual(['args=rebuild', 'args=start']);
    const starts = (await listApplyRuns(starter, install.root)).filter((run) => run.commandIndex === 1);
    expect(starts).toHaveLength(1);
    expect([own, follower].every((result) => result.ok || result.problems.every((problem) => problem.code === 'run-in-progress'))).toBe(true);
  }, 120_000);

  it('an apply that cannot see the running one\'s record (a local run on the server) is refused by the lock, held for the whole SSH run', async () => {
    const install = await temp({ owner: await installOwnerIds(), control: { rootPrompt: 'skip', hold: 60 } });
    const overSsh = await connect();
    let refusal: Promise<unknown> | undefined;
    const first = applyConfiguration(overSsh, install.root, {
      method: 'restart',
      idleTimeoutMs: 80_000,
      onLine: (line) => {
        if (line.text !== 'stopping the stack') return;
        // Mid-run, long after the run was recorded: this computer lists no runs, only the lock can keep it out.
        refusal ??= applyConfiguration(createLocalHost(), install.root, { method: 'restart' })
          .then(() => null, (error: unknown) => error)
          .finally(() => install.signalGo());
      },
    });
    expect((await first).ok).toBe(true);
    const error = (await refusal) as CoreError;
    expect(error).toBeInstanceOf(CoreError);
    expect(error.code).toBe('run-in-progress');
    const [recorded] = await listApplyRuns(overSsh, install.root);
    expect(error.message).toContain(`running ${recorded!.id}`);
    expect(await argsOf(install)).toEqual(['args=restart']);
    expect(await overSsh.stat(lockFolderFor(applyLockTarget(overSsh, install.root)))).toBeNull();
  }, 120_000);
});

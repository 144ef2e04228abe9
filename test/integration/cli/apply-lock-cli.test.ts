import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ensureCliBuilt, runCliProcess, type CliRun } from '../../support/run-cli';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__enableCloudCommunication=true\n';

interface Refusal {
  ok: false;
  error: { code: string; message: string; holder?: { pid: number; command: string; since: string }; lockPath?: string; runId?: string };
}

/**
 * `apply` on this computer from real CLI processes: runs here are not recorded, so the apply lock is
 * held for the whole apply. A second apply is refused naming the first process; the lock of a
 * SIGKILLed one is taken over.
 */
describe('one apply per install on this computer, across CLI processes', () => {
  let state: string;
  let install: TempInstall;
  const env = () => ({ HOME: state, XDG_CONFIG_HOME: path.join(state, 'config'), XDG_STATE_HOME: path.join(state, 'state'), DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
  const apply = (method = 'restart'): Promise<CliRun> => runCliProcess(['apply', '--method', method, '--bwdata', install.root, '--json'], { env: env(), timeoutMs: 90_000 });

  /** Starts `apply` and resolves once bitwarden.sh has stopped the stack (the CLI holds the lock then). */
  async function applyUntilStopped(): Promise<{ child: ChildProcess; exited: Promise<number | null> }> {
    const child = spawn(process.execPath, [CLI_ENTRY, 'apply', '--method', 'restart', '--bwdata', install.root, '--json'], { env: { ...process.env, ...env() }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`apply never stopped the stack: ${stderr}`)), 60_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('stopping the stack')) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`apply ended before the stack stopped: ${stderr}`)));
    });
    return { child, exited };
  }

  beforeAll(async () => {
    ensureCliBuilt();
    state = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-apply-lock-cli-'));
  });

  beforeEach(async () => {
    await install?.dispose();
    install = await createTempInstall({ envContent: ENV, control: { rootPrompt: 'skip', hold: 60 } });
  });

  afterAll(async () => {
    await install?.dispose();
    await fs.rm(state, { recursive: true, force: true });
  });

  it('two CLI processes started at the same moment: one runs bitwarden.sh, the other exits 1 with run-in-progress naming it', async () => {
    const runs: [Promise<CliRun>, Promise<CliRun>] = [apply(), apply()];
    // The winner's bitwarden.sh stays in its gap until the loser has exited.
    await Promise.race(runs);
    await install.signalGo();
    const [first, second] = await Promise.all(runs);
    const codes = [first.code, second.code].sort();
    expect(codes).toEqual([0, 1]);
    const refused = JSON.parse((first.code === 1 ? first : second).stdout) as Refusal;
    expect(refused.error.code).toBe('run-in-progress');
    expect(refused.error.holder?.command).toBe(path.basename(CLI_ENTRY));
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);
  }, 120_000);

  it('a second apply while the first runs is refused at once, naming the first process (pid, command, since); nothing of it runs', async () => {
    const { child, exited } = await applyUntilStopped();
    const refused = await apply('no-pull');
    await install.signalGo();
    expect(refused.code).toBe(1);
    const { error } = JSON.parse(refused.stdout) as Refusal;
    expect(error).toMatchObject({ code: 'run-in-progress', holder: { pid: child.pid, command: path.basename(CLI_ENTRY) } });
    expect(Date.parse(error.holder!.since)).toBeLessThanOrEqual(Date.now());
    expect(error.message).toContain(`pid ${child.pid}`);
    // Nothing to attach to on this computer: the refusal names the process, not an attach command.
    expect(error.runId).toBeUndefined();
    expect(error.message).not.toContain('--attach');
    expect(await exited).toBe(0);
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);
  }, 120_000);

  it('a SIGKILLed apply leaves its lock to its bitwarden.sh while that runs; the next apply takes it once that ended', async () => {
    const { child, exited } = await applyUntilStopped();
    child.kill('SIGKILL');
    await exited;
    const lockFolder = path.join(install.root, '.sponsorship-setup-apply.lock');
    // The killed process left its lock behind, with its name and its run's process group in it.
    const owner = JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8')) as { pid: number; longHeld: boolean; run: { pid: number; group: boolean } };
    expect(owner).toMatchObject({ pid: child.pid, longHeld: true, run: { group: true } });
    // Its bitwarden.sh goes on (in its own session): a next apply is refused while it does.
    const refused = await apply();
    expect(refused.code).toBe(1);
    expect((JSON.parse(refused.stdout) as Refusal).error.code).toBe('run-in-progress');
    await install.signalGo();
    await groupGone(owner.run.pid);
    const next = await apply();
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ ok: true, commands: [{ argv: ['./bitwarden.sh', 'restart'], exitCode: 0 }] });
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart', 'args=restart']);
    await expect(fs.stat(lockFolder)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);

  it('a hang-up (its terminal closed) cancels the apply as Ctrl-C does: the command is stopped and the lock let go', async () => {
    const { child, exited } = await applyUntilStopped();
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.kill('SIGHUP');
    expect(await exited).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ ok: false, problems: [{ code: 'cancelled' }] });
    await expect(fs.stat(path.join(install.root, '.sponsorship-setup-apply.lock'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});

/** Waits until no process of the group runs any more (kill -0 on the group fails). */
async function groupGone(pgid: number): Promise<void> {
  for (let tries = 0; tries < 600; tries += 1) {
    try {
      process.kill(-pgid, 0);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`process group ${pgid} still runs`);
}

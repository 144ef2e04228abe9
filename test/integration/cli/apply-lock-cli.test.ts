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

  it('the lock of a SIGKILLed apply is taken over by the next one', async () => {
    const { child, exited } = await applyUntilStopped();
    child.kill('SIGKILL');
    await exited;
    // Its bitwarden.sh goes on (nothing recorded it here); let it end.
    await install.signalGo();
    const lockFolder = path.join(install.root, '.sponsorship-setup-apply.lock');
    // The killed process left its lock behind, with its name in it.
    expect(JSON.parse(await fs.readFile(path.join(lockFolder, 'owner.json'), 'utf8'))).toMatchObject({ pid: child.pid, longHeld: true });
    const next = await apply();
    expect(next.code).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({ ok: true, commands: [{ argv: ['./bitwarden.sh', 'restart'], exitCode: 0 }] });
    await expect(fs.stat(lockFolder)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});

import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ensureCliBuilt, runCliProcess } from '../../support/run-cli';
import { adminHomeWithSshd, installOwnerIds, LOGIN_USER, sshSkipReason, type TestSshd } from '../../support/ssh';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__enableCloudCommunication=true\n';

interface JsonError {
  ok: false;
  error: { code: string; message: string; runId?: string; attachCommand?: string };
}

/**
 * `apply` over SSH from real CLI processes: one is killed in the middle of bitwarden.sh's gap
 * between stopping and starting the stack, a second one is refused, a third attaches and ends
 * with the run's exit code.
 */
describe.skipIf(skipReason !== null)(`apply --attach from a new CLI process${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let sshd: TestSshd;
  let dispose: (() => Promise<void>) | undefined;
  let install: TempInstall;
  let env: NodeJS.ProcessEnv;
  const hostArgs = () => ['--host', `${LOGIN_USER}@127.0.0.1:${sshd.port}`, '--bwdata', install.root, '--accept-host-key', sshd.hostKeyFingerprint];
  const cli = (args: string[]) => runCliProcess([...args, ...hostArgs()], { env, timeoutMs: 90_000 });

  /** Starts `apply` and kills the whole CLI process (its SSH link dies with it) once the stack is stopped. */
  async function applyKilledMidRun(method: 'restart' | 'rebuild'): Promise<string> {
    const child = spawn(process.execPath, [CLI_ENTRY, 'apply', '--method', method, '--json', ...hostArgs()], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`apply never stopped the stack: ${stderr}`)), 60_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('stopping the stack')) {
          clearTimeout(timer);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`apply ended before it was killed: ${stderr}`)));
    });
    return stderr;
  }

  beforeAll(async () => {
    ensureCliBuilt();
    ({ home, sshd, dispose } = await adminHomeWithSshd('sst-attach-home-'));
    env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_STATE_HOME: path.join(home, '.state'), SSH_AUTH_SOCK: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
  }, 60_000);

  beforeEach(async () => {
    await install?.dispose();
    install = await createTempInstall({ envContent: ENV, owner: await installOwnerIds(), control: { rootPrompt: 'skip', pause: 4 } });
  });

  afterAll(async () => {
    await install?.dispose();
    await dispose?.();
  });

  it('a killed CLI leaves restart running on the server; a second apply is refused (exit 1, how to attach); apply --attach follows it to exit 0', async () => {
    // A long gap: the refused apply must reach the server while the first one still runs, on a busy machine too.
    await install.setControl({ rootPrompt: 'skip', pause: 40 });
    await applyKilledMidRun('restart');

    const refused = await cli(['apply', '--method', 'no-pull', '--json']);
    expect(refused.code).toBe(1);
    const error = (JSON.parse(refused.stdout) as JsonError).error;
    expect(error.code).toBe('run-in-progress');
    expect(error.runId).toMatch(/^\d{8}-\d{6}-[A-Za-z0-9]{6}$/);
    expect(error.message).toContain(`sponsorship-setup apply --attach ${error.runId}`);

    const attached = await cli(['apply', '--attach', '--json']);
    expect(attached.code).toBe(0);
    const result = JSON.parse(attached.stdout) as { ok: boolean; attached: { id: string; method: string; state: string }; commands: { argv: string[]; exitCode: number }[]; cloudCommunicationAfter: boolean };
    expect(result).toMatchObject({ ok: true, attached: { id: error.runId, method: 'restart' }, cloudCommunicationAfter: true });
    expect(result.commands).toMatchObject([{ argv: ['./bitwarden.sh', 'restart'], exitCode: 0 }]);
    // The whole log, from the start: the part the killed process saw and the rest.
    expect(attached.stderr).toContain('[apply] OUT stopping the stack');
    expect(attached.stderr).toContain('[apply] OUT starting the stack');
    expect(attached.stderr).toContain('[apply] OUT stack started');
    // bitwarden.sh ran once, as the owner: nothing was started twice.
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);

    // Read again after the fact by its id: the same exit, at once; nothing left to attach to without an id.
    const again = await cli(['apply', '--attach', error.runId!, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ attached: { id: error.runId, state: 'finished' } });
    const nothing = await cli(['apply', '--attach', '--json']);
    expect(nothing.code).toBe(1);
    expect((JSON.parse(nothing.stdout) as JsonError).error.code).toBe('no-run');
  }, 180_000);

  it('rebuild killed during its first command: the attaching process follows rebuild, then runs start', async () => {
    await applyKilledMidRun('rebuild');
    const attached = await cli(['apply', '--attach', '--json']);
    expect(attached.code).toBe(0);
    const result = JSON.parse(attached.stdout) as { attached: { method: string; commandIndex: number; commandCount: number }; commands: { argv: string[]; exitCode: number }[] };
    expect(result.attached).toMatchObject({ method: 'rebuild', commandIndex: 0, commandCount: 2 });
    expect(result.commands.map((command) => [command.argv.join(' '), command.exitCode])).toEqual([
      ['./bitwarden.sh rebuild', 0],
      ['./bitwarden.sh start', 0],
    ]);
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=rebuild', 'args=start']);
  }, 180_000);

  it('a run that fails maps to exit 1 when attached; an unknown run id is a usage error (exit 2)', async () => {
    await install.setControl({ rootPrompt: 'skip', pause: 3, fail: 3 });
    await applyKilledMidRun('restart');
    const attached = await cli(['apply', '--attach', '--json']);
    expect(attached.code).toBe(1);
    expect(JSON.parse(attached.stdout)).toMatchObject({ ok: false, commands: [{ exitCode: 3 }], problems: [{ code: 'command-failed' }] });
    const unknown = await cli(['apply', '--attach', '20200101-000000-AAAAAA', '--json']);
    expect(unknown.code).toBe(2);
    expect((JSON.parse(unknown.stdout) as JsonError).error.code).toBe('run-unknown');
  }, 180_000);
});

describe('apply --attach on this computer', () => {
  it('says that runs are recorded only on a server over SSH (exit 1)', async () => {
    ensureCliBuilt();
    const install = await createTempInstall({ envContent: ENV });
    try {
      const run = await runCliProcess(['apply', '--attach', '--bwdata', install.root, '--json'], { timeoutMs: 60_000 });
      expect(run.code).toBe(1);
      const error = (JSON.parse(run.stdout) as JsonError).error;
      expect(error).toMatchObject({ code: 'no-run' });
      expect(error.message).toContain('over SSH');
      expect(await install.calls()).toEqual([]);
    } finally {
      await install.dispose();
    }
  });
});

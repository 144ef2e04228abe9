import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENTRY, ensureCliBuilt, runCliInProcess } from '../../support/run-cli';
import { createTempInstall, type StandInControl, type TempInstall } from '../../support/temp-install';
import { cannotSwitchUserReason } from '../install/run-as-nobody';

const US_ENV = '# kept\r\nglobalSettings__baseServiceUri__cloudRegion=US\r\nglobalSettings__installation__key=SECRETKEY\r\nA="x=y"  \r\n';
const EU_WRONG = 'globalSettings__baseServiceUri__cloudRegion=EU\nglobalSettings__installation__identityUri=https://identity.bitwarden.com\n';

let installs: TempInstall[] = [];
let stateDirs: string[] = [];
async function temp(envContent: string = US_ENV, control: StandInControl = { rootPrompt: 'skip' }): Promise<TempInstall> {
  const install = await createTempInstall({ envContent, control });
  installs.push(install);
  return install;
}
async function stateHome(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-state-'));
  stateDirs.push(dir);
  return dir;
}
const backupsOf = async (install: TempInstall) => (await fs.readdir(path.dirname(install.envFile))).filter((name) => name.endsWith('.bak')).sort();

afterEach(async () => {
  await Promise.all([...installs.map((install) => install.dispose()), ...stateDirs.map((dir) => fs.rm(dir, { recursive: true, force: true }))]);
  installs = [];
  stateDirs = [];
});

describe('enable-cloud', () => {
  beforeAll(() => ensureCliBuilt());

  it('--json prints one document, writes a backup, and a second run changes nothing', async () => {
    const install = await temp();
    const first = await runCliInProcess(['enable-cloud', '--bwdata', install.root, '--json']);
    expect(first.code).toBe(0);
    const document = JSON.parse(first.stdout);
    expect(document).toMatchObject({ changed: true, file: install.envFile, dryRun: false });
    expect(document.backup).toMatch(/global\.override\.env\.\d{8}T\d{9}Z\.bak$/);
    expect(document.diff).toContain('+globalSettings__enableCloudCommunication=true (CRLF)');
    expect(document.diff).not.toContain('SECRETKEY');
    expect(await fs.readFile(document.backup, 'utf8')).toBe(US_ENV);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${US_ENV}globalSettings__enableCloudCommunication=true\r\n`);
    expect((await fs.stat(install.envFile)).mode & 0o777).toBe(0o600);

    const second = await runCliInProcess(['enable-cloud', '--bwdata', install.root, '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ changed: false, backup: null, diff: '' });
    expect(await backupsOf(install)).toHaveLength(1);
  });

  it('--add-admin: added to an empty adminSettings__admins in the same edit; a non-empty list is left and said so; a bad e-mail is exit 2 with nothing changed', async () => {
    const empty = await temp(`${US_ENV}adminSettings__admins=\r\n`);
    const added = await runCliInProcess(['enable-cloud', '--bwdata', empty.root, '--add-admin', 'admin@example.com', '--json']);
    expect(added.code, added.stderr).toBe(0);
    const document = JSON.parse(added.stdout);
    expect(document).toMatchObject({ changed: true, admins: { email: 'admin@example.com', added: true, admins: ['admin@example.com'] } });
    expect(document.diff).toContain('+adminSettings__admins=admin@example.com (CRLF)');
    expect(await fs.readFile(empty.envFile, 'utf8')).toBe(`${US_ENV}adminSettings__admins=admin@example.com\r\nglobalSettings__enableCloudCommunication=true\r\n`);
    expect(await backupsOf(empty)).toHaveLength(1);

    const listed = await temp(`${US_ENV}adminSettings__admins=boss@example.com\r\n`);
    const kept = await runCliInProcess(['enable-cloud', '--bwdata', listed.root, '--add-admin', 'admin@example.com']);
    expect(kept.code, kept.stderr).toBe(0);
    expect(kept.stdout).toContain('adminSettings__admins already lists boss@example.com; left unchanged');
    expect(await fs.readFile(listed.envFile, 'utf8')).toContain('adminSettings__admins=boss@example.com\r\n');

    const bad = await temp();
    const refused = await runCliInProcess(['enable-cloud', '--bwdata', bad.root, '--add-admin', 'not an e-mail', '--json']);
    expect(refused.code).toBe(2);
    expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { code: 'invalid-email' } });
    expect(await fs.readFile(bad.envFile, 'utf8')).toBe(US_ENV);
    expect(await backupsOf(bad)).toHaveLength(0);
  });

  it('--dry-run prints the diff and writes nothing', async () => {
    const install = await temp();
    const run = await runCliInProcess(['enable-cloud', '--bwdata', install.bwdata, '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+globalSettings__enableCloudCommunication=true');
    expect(run.stdout).toContain('Dry run');
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(US_ENV);
    expect(await backupsOf(install)).toEqual([]);
  });

  it('region-mismatch exits 1 and changes nothing; --fix-region corrects the URIs', async () => {
    const install = await temp(EU_WRONG);
    const blocked = await runCliInProcess(['enable-cloud', '--bwdata', install.root, '--json']);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout)).toMatchObject({ ok: false, changed: false, backup: null, error: { code: 'region-mismatch' } });
    expect(blocked.stderr).toContain('--fix-region');
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(EU_WRONG);
    expect(await backupsOf(install)).toEqual([]);

    const fixed = await runCliInProcess(['enable-cloud', '--bwdata', install.root, '--fix-region', '--json']);
    expect(fixed.code).toBe(0);
    const text = await fs.readFile(install.envFile, 'utf8');
    expect(text).toContain('globalSettings__installation__identityUri=https://identity.bitwarden.eu\n');
    expect(text).toContain('globalSettings__enableCloudCommunication=true\n');
  });

  it('unusable input exits 2 with one JSON document and nothing written', async () => {
    const empty = await stateHome();
    for (const [dir, code] of [
      ['/nonexistent/bitwarden', 'not-found'],
      [empty, 'not-an-install'],
    ] as const) {
      const run = await runCliInProcess(['enable-cloud', '--bwdata', dir, '--json']);
      expect(run.code, dir).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code } });
    }
    expect(await fs.readdir(empty)).toEqual([]);
  });
});

describe('permission-denied in the CLI', () => {
  beforeAll(() => ensureCliBuilt());
  const noSwitch = cannotSwitchUserReason();

  it.skipIf(noSwitch !== null)(`names the command that failed, to re-run as the bwdata owner or with sudo${noSwitch ? ` (skipped: ${noSwitch})` : ''}`, async () => {
    const install = await temp();
    // Readable by everyone, writable by root only: reading works as uid 65534, the backup beside the file does not.
    await fs.chmod(path.dirname(install.root), 0o755);
    await fs.chmod(install.envFile, 0o644);
    const run = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI_ENTRY, 'enable-cloud', '--bwdata', install.root, '--json'], {
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH, HOME: os.tmpdir() },
    });
    expect(run.status, run.stderr).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe('permission-denied');
    expect(error.command).toBe(`sponsorship-setup enable-cloud --bwdata ${install.root} --json`);
    expect(error.message).toContain(error.command);
    expect(error.message).not.toContain('sponsorship-setup status');
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(US_ENV);
    expect(await backupsOf(install)).toEqual([]);
  });
});

describe('restore-env', () => {
  beforeAll(() => ensureCliBuilt());

  it('puts the newest backup back, keeping the current content in a new backup', async () => {
    const install = await temp();
    const enabled = JSON.parse((await runCliInProcess(['enable-cloud', '--bwdata', install.root, '--json'])).stdout);
    const run = await runCliInProcess(['restore-env', '--bwdata', install.root, '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ changed: true, restoredFrom: enabled.backup, file: install.envFile });
    expect(document.diff).toContain('-globalSettings__enableCloudCommunication=true');
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(US_ENV);
    expect(await fs.readFile(document.backup, 'utf8')).toContain('globalSettings__enableCloudCommunication=true');
  });

  it('a backup that is not one of this file exits 2; no backup at all exits 2', async () => {
    const install = await temp();
    const none = await runCliInProcess(['restore-env', '--bwdata', install.root, '--json']);
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'no-backup' } });
    const wrong = await runCliInProcess(['restore-env', '--bwdata', install.root, '--backup', '/etc/hostname']);
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toBe('');
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(US_ENV);
  });
});

interface LiveRun {
  stderr(): string;
  waitForStderr(pattern: RegExp, budgetMs?: number): Promise<void>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  signal(name: NodeJS.Signals): void;
}

/** Spawns the CLI (a real process: live stderr, signals) and lets the test react to stderr lines while it runs. */
function spawnCli(args: string[], env: NodeJS.ProcessEnv): LiveRun {
  const child = spawn(process.execPath, [CLI_ENTRY, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    stderr: () => stderr,
    async waitForStderr(pattern, budgetMs = 10_000) {
      const deadline = Date.now() + budgetMs;
      while (!pattern.test(stderr)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} on stderr within ${budgetMs} ms; got:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    done,
    signal: (name) => child.kill(name),
  };
}

describe('apply', () => {
  beforeAll(() => ensureCliBuilt());

  it('streams each line to stderr while the command runs, then prints a JSON summary and saves the log', async () => {
    const install = await temp('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', lines: 4, handshake: true });
    const state = await stateHome();
    const run = spawnCli(['apply', '--bwdata', install.root, '--json'], { XDG_STATE_HOME: state });
    // The stand-in waits after line 1 until told to go: seeing it now proves the line was streamed live.
    await run.waitForStderr(/\[apply\] ERR line 1 \(stderr\)/);
    expect(run.stderr()).not.toContain('line 2');
    await install.signalGo();
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\[apply\] OUT line 2\n\[apply\] ERR line 3 \(stderr\)\n\[apply\] OUT line 4/);
    expect(result.stderr).not.toContain('handshake: no go');
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      ok: true,
      method: 'restart',
      commands: [{ argv: ['./bitwarden.sh', 'restart'], exitCode: 0 }],
      cloudCommunicationAfter: true,
      problems: [],
    });
    expect(path.dirname(summary.logFile)).toBe(path.join(state, 'sponsorship-setup', 'logs'));
    const log = await fs.readFile(summary.logFile, 'utf8');
    expect(log).toMatch(/ERR line 1 \(stderr\)/);
    expect(log).toMatch(/OUT line 4/);
    expect(await install.calls()).toEqual([expect.stringMatching(/args=restart$/)]);
  });

  it('--method rebuild runs rebuild then start', async () => {
    const install = await temp('# dropped by rebuild\nglobalSettings__enableCloudCommunication=true\n');
    const run = await runCliInProcess(['apply', '--bwdata', install.root, '--method', 'rebuild', '--json'], {}, { env: { XDG_STATE_HOME: await stateHome() } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).commands.map((c: { argv: string[] }) => c.argv)).toEqual([
      ['./bitwarden.sh', 'rebuild'],
      ['./bitwarden.sh', 'start'],
    ]);
  });

  it('without --json the summary says each command, its status, the setting after the run and the log', async () => {
    const install = await temp('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', fail: 3 });
    const run = await runCliInProcess(['apply', '--bwdata', install.root], {}, { env: { XDG_STATE_HOME: await stateHome() } });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\.\/bitwarden\.sh restart: .*3.* after \d+\.\d s$/);
    expect(lines).toContain('globalSettings__enableCloudCommunication after the run: true');
    expect(lines.some((line) => line.startsWith('problem [command-failed]: '))).toBe(true);
    expect(lines.at(-1)).toMatch(/^Log: .*sponsorship-setup\/logs\//);
  });

  it('a failing command exits 1 with its exit status in the summary', async () => {
    const install = await temp('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', fail: 3 });
    const run = await runCliInProcess(['apply', '--bwdata', install.root, '--json'], {}, { env: { XDG_STATE_HOME: await stateHome() } });
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ ok: false, commands: [{ exitCode: 3 }], problems: [{ code: 'command-failed' }] });
    expect(run.stderr).toContain('[apply] ERR failing with 3');
  });

  it('an invalid --method is a usage error (exit 2) and runs nothing', async () => {
    const install = await temp();
    const run = await runCliInProcess(['apply', '--bwdata', install.root, '--method', 'reboot', '--json']);
    expect(run.code).toBe(2);
    // --json: even a usage error is one JSON document on stdout.
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage', message: expect.stringContaining('reboot') } });
    expect(await install.calls()).toEqual([]);
  });

  it('no bitwarden.sh for restart is unusable input (exit 2)', async () => {
    const install = await createTempInstall({ envContent: US_ENV, withScript: false });
    installs.push(install);
    const run = await runCliInProcess(['apply', '--bwdata', install.root, '--json'], {}, { env: { XDG_STATE_HOME: await stateHome() } });
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'script-missing' } });
  });

  it('Ctrl-C cancels the running command and exits 1 with cancelled in the summary', async () => {
    const install = await temp('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', lines: 1, sleep: 30 });
    const run = spawnCli(['apply', '--bwdata', install.root, '--json'], { XDG_STATE_HOME: await stateHome() });
    await run.waitForStderr(/\[apply\] ERR line 1/);
    run.signal('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('[apply] cancelling');
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, commands: [{ cancelled: true }], problems: [{ code: 'cancelled' }] });
  });
});

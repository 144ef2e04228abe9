import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { APPLY_METHODS, applyConfiguration, planApplyConfiguration, type ApplyOutputLine } from '../../../main/core/runner';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';
import { createFakeHost } from '../../unit/install/fake-host';

const host = createLocalHost();
const isRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const notRoot = isRoot ? '' : ' (skipped: needs root to switch users)';
const ENV = '# comment kept until rebuild\nglobalSettings__enableCloudCommunication=true\n\nA=1\nA=2\n';

const temp = tempInstallsPerTest({ envContent: ENV });

describe('applyConfiguration with the stand-in bitwarden.sh', () => {
  it('restart runs exactly ./bitwarden.sh restart in the install folder and re-reads the env file', async () => {
    const install = await temp({ control: { rootPrompt: 'skip' } });
    const result = await applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 5_000 });
    expect(result).toMatchObject({ method: 'restart', ok: true, cloudCommunicationAfter: true, problems: [] });
    expect(result.commands.map((c) => c.argv)).toEqual([['./bitwarden.sh', 'restart']]);
    expect(result.commands[0]).toMatchObject({ exitCode: 0, signal: null, cancelled: false, timedOut: false });
    expect(await install.calls()).toEqual([`uid=${process.getuid?.()} args=restart`]);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(ENV);
  });

  it('rebuild runs rebuild then start; the rewrite drops comments but keeps the key true', async () => {
    const install = await temp({ control: { rootPrompt: 'skip' } });
    const result = await applyConfiguration(host, install.root, { method: 'rebuild', idleTimeoutMs: 5_000 });
    expect(result.commands.map((c) => c.argv)).toEqual([
      ['./bitwarden.sh', 'rebuild'],
      ['./bitwarden.sh', 'start'],
    ]);
    expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=rebuild', 'args=start']);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe('globalSettings__enableCloudCommunication=true\nA=2\n');
    expect(result).toMatchObject({ ok: true, cloudCommunicationAfter: true });
  });

  it('reports cloud-communication-lost when the key is gone afterwards', async () => {
    const install = await temp({ envContent: '# only\nglobalSettings__enableCloudCommunication=true\n', control: { rootPrompt: 'skip' } });
    // Something (here: the test, while the command prints) removes the key during the run.
    const result = await applyConfiguration(host, install.root, {
      method: 'restart',
      idleTimeoutMs: 5_000,
      onLine: () => {
        void fs.writeFile(install.envFile, '# wiped\n');
      },
    });
    expect(result.cloudCommunicationAfter).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(['cloud-communication-lost']);
  });

  it('no-pull runs docker compose with the compose file and the override when present', async () => {
    const install = await temp({ withComposeOverride: true });
    const bin = await fs.mkdtemp(path.join(os.tmpdir(), 'fake-docker-'));
    const record = path.join(bin, 'args');
    await fs.writeFile(path.join(bin, 'docker'), `#!/bin/sh\necho "$PWD $*" > "${record}"\necho started\n`, { mode: 0o755 });
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath ?? ''}`;
    try {
      const result = await applyConfiguration(host, install.root, { method: 'no-pull', idleTimeoutMs: 5_000 });
      const argv = ['docker', 'compose', '-f', 'bwdata/docker/docker-compose.yml', '-f', 'bwdata/docker/docker-compose.override.yml', 'up', '-d'];
      expect(result.commands.map((c) => c.argv)).toEqual([argv]);
      expect(result.ok).toBe(true);
      expect((await fs.readFile(record, 'utf8')).trim()).toBe(`${install.root} ${argv.slice(1).join(' ')}`);
    } finally {
      process.env.PATH = oldPath;
      await fs.rm(bin, { recursive: true, force: true });
    }
    const plain = await temp({});
    expect((await planApplyConfiguration(host, plain.root, 'no-pull')).commands[0]!.argv).toEqual([
      'docker',
      'compose',
      '-f',
      'bwdata/docker/docker-compose.yml',
      'up',
      '-d',
    ]);
  });

  it('streams lines while the command runs, in order, tagged by command', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', lines: 6, handshake: true, interval: 0.02 } });
    const lines: ApplyOutputLine[] = [];
    const result = await applyConfiguration(host, install.root, {
      method: 'restart',
      idleTimeoutMs: 5_000,
      onLine: (line) => {
        lines.push(line);
        // The script waits for this file after line 1: it only continues if line 1 arrived while it ran.
        if (line.text === 'line 1 (stderr)') void install.signalGo();
      },
    });
    expect(result.ok).toBe(true);
    expect(lines.some((l) => l.text.includes('handshake: no go'))).toBe(false);
    const stdout = lines.filter((l) => l.stream === 'stdout').map((l) => l.text);
    expect(stdout).toEqual(['stand-in bitwarden.sh restart', 'line 2', 'line 4', 'line 6', 'stack started']);
    expect(lines.filter((l) => l.stream === 'stderr').map((l) => l.text)).toEqual(['line 1 (stderr)', 'line 3 (stderr)', 'line 5 (stderr)']);
    expect(lines.every((l) => l.commandIndex === 0)).toBe(true);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.at).toBeGreaterThanOrEqual(lines[i - 1]!.at);
  });

  it('a failing command gives its exit code, command-failed, and stops the sequence', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', fail: 3 } });
    const result = await applyConfiguration(host, install.root, { method: 'rebuild', idleTimeoutMs: 5_000 });
    expect(result.ok).toBe(false);
    expect(result.commands).toHaveLength(1);
    expect(result.commands[0]!.exitCode).toBe(3);
    expect(result.problems.map((p) => p.code)).toEqual(['command-failed']);
    expect(result.problems[0]!.message).toContain('no-pull');
  });

  it('cancel sends SIGTERM, then SIGKILL after the grace period when SIGTERM is ignored', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', ignoreTerm: true } });
    const controller = new AbortController();
    const result = await applyConfiguration(host, install.root, {
      method: 'restart',
      signal: controller.signal,
      killGraceMs: 300,
      idleTimeoutMs: 20_000,
      onLine: (line) => {
        if (line.text === 'ignoring SIGTERM') controller.abort();
      },
    });
    expect(result.commands[0]).toMatchObject({ cancelled: true, signal: 'SIGKILL', exitCode: null });
    expect(result.problems.map((p) => p.code)).toEqual(['cancelled']);
  });

  it('cancel of a command that honours SIGTERM ends it with SIGTERM', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', lines: 1, sleep: 20 } });
    const controller = new AbortController();
    const result = await applyConfiguration(host, install.root, {
      method: 'restart',
      signal: controller.signal,
      killGraceMs: 5_000,
      onLine: (line) => {
        if (line.text === 'stack started') controller.abort();
      },
    });
    expect(result.commands[0]!.cancelled).toBe(true);
    expect(result.commands[0]!.signal === 'SIGTERM' || result.commands[0]!.exitCode === 143).toBe(true);
  });

  it('handles huge output (50k lines) and writes the full log with stderr marked', async () => {
    const install = await temp({ control: { rootPrompt: 'skip', huge: 50_000, lines: 2 } });
    const logDir = await fs.mkdtemp(path.join(os.tmpdir(), 'runner-log-'));
    const logFilePath = path.join(logDir, 'apply.log');
    let count = 0;
    try {
      const result = await applyConfiguration(host, install.root, { method: 'restart', logFilePath, idleTimeoutMs: 10_000, onLine: () => count++ });
      expect(result).toMatchObject({ ok: true, logFile: logFilePath });
      expect(count).toBe(50_000 + 4); // banner, 2 numbered lines, "stack started"
      const log = (await fs.readFile(logFilePath, 'utf8')).split('\n');
      expect(log.filter((l) => / OUT huge \d+$/.test(l))).toHaveLength(50_000);
      expect(log).toContainEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERR line 1 \(stderr\)$/));
      expect(log).toContainEqual(expect.stringMatching(/\[runner\] \$ \.\/bitwarden\.sh restart$/));
      expect((await fs.stat(logFilePath)).mode & 0o777).toBe(0o600);
    } finally {
      await fs.rm(logDir, { recursive: true, force: true });
    }
  });
});

describe('root and prompts', () => {
  it.skipIf(!isRoot)(`as root, runs bitwarden.sh as the owner of bwdata via runuser${notRoot}`, async () => {
    const install = await temp({ owner: NOBODY, control: { rootPrompt: 'real' } });
    const result = await applyConfiguration(host, install.root, { method: 'rebuild', idleTimeoutMs: 5_000 });
    expect(result.commands.map((c) => c.argv)).toEqual([
      ['runuser', '-u', 'nobody', '--', './bitwarden.sh', 'rebuild'],
      ['runuser', '-u', 'nobody', '--', './bitwarden.sh', 'start'],
    ]);
    expect(await install.calls()).toEqual(['uid=65534 args=rebuild', 'uid=65534 args=start']);
    expect(result.ok).toBe(true);
    const stat = await fs.stat(install.envFile);
    expect([stat.uid, stat.mode & 0o777]).toEqual([65534, 0o600]);
  });

  it.skipIf(!isRoot)(`root-owned install: the real root question cannot be answered → root-prompt${notRoot}`, async () => {
    const install = await temp({ control: { rootPrompt: 'real' } });
    const result = await applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 5_000 });
    expect(result.commands[0]!.argv).toEqual(['./bitwarden.sh', 'restart']);
    expect(result.commands[0]!.exitCode).toBe(1);
    expect(result.problems.map((p) => p.code)).toEqual(['root-prompt']);
  });

  it.skipIf(!isRoot)(`a command waiting silently on a prompt is stopped after idleTimeoutMs → waiting-for-input${notRoot}`, async () => {
    const install = await temp({ control: { rootPrompt: 'wait' } });
    const result = await applyConfiguration(host, install.root, { method: 'restart', idleTimeoutMs: 400, killGraceMs: 300 });
    expect(result.commands[0]!.timedOut).toBe(true);
    expect(result.problems.map((p) => p.code)).toEqual(['waiting-for-input']);
    expect(result.problems[0]!.message).toContain('waiting for an answer');
  });

  it('script-missing when bitwarden.sh is absent (restart), while no-pull still plans', async () => {
    const install = await temp({ withScript: false });
    await expect(planApplyConfiguration(host, install.root, 'restart')).rejects.toMatchObject({ code: 'script-missing', outcome: 'unusable-input' });
    expect((await planApplyConfiguration(host, install.root, 'no-pull')).commands).toHaveLength(1);
  });
});

describe('explanations', () => {
  it('every method explains what it does and when to choose it', () => {
    expect(APPLY_METHODS.restart.explain).toMatch(/bitwarden\.sh restart/);
    expect(APPLY_METHODS.rebuild.explain).toMatch(/comments and blank lines/);
    expect(APPLY_METHODS['no-pull'].explain).toMatch(/cannot reach the image registry/);
  });
});

describe('exact argv per platform (recorded by a fake host)', () => {
  const ps = ['powershell', '-NoProfile', '-ExecutionPolicy', 'Bypass', '-File', 'bitwarden.ps1'];
  it('Windows: bitwarden.ps1 -restart / -rebuild then -start / docker compose', async () => {
    const windows = createFakeHost({
      platform: 'win32',
      folders: ['C:\\bw', 'C:\\bw\\bwdata', 'C:\\bw\\bwdata\\env'],
      files: { 'C:\\bw\\bitwarden.ps1': '', 'C:\\bw\\bwdata\\env\\global.override.env': 'A=1\n' },
    });
    const argvOf = async (method: 'restart' | 'rebuild' | 'no-pull') => {
      windows.runs.length = 0;
      const result = await applyConfiguration(windows, 'C:\\bw', { method });
      expect(windows.runs.every((run) => run.cwd === 'C:\\bw')).toBe(true);
      expect(result.commands.map((c) => c.argv)).toEqual(windows.runs.map((run) => [run.command, ...run.args]));
      return result.commands.map((c) => c.argv);
    };
    expect(await argvOf('restart')).toEqual([[...ps, '-restart']]);
    expect(await argvOf('rebuild')).toEqual([
      [...ps, '-rebuild'],
      [...ps, '-start'],
    ]);
    expect(await argvOf('no-pull')).toEqual([['docker', 'compose', '-f', 'bwdata\\docker\\docker-compose.yml', 'up', '-d']]);
  });

  it('Linux as root: owner without a user name is switched to by number', async () => {
    const linux = createFakeHost({
      platform: 'linux',
      folders: ['/opt/bw', '/opt/bw/bwdata', '/opt/bw/bwdata/env'],
      files: { '/opt/bw/bitwarden.sh': '', '/opt/bw/bwdata/env/global.override.env': 'A=1\n' },
      identity: { uid: 0, gid: 0, userName: 'root', isRoot: true },
      owners: { '/opt/bw/bwdata': { uid: 4242, gid: 4343 } },
    });
    const plan = await planApplyConfiguration(linux, '/opt/bw', 'restart');
    expect(plan.commands[0]!.argv).toEqual(['setpriv', '--reuid=4242', '--regid=4343', '--clear-groups', './bitwarden.sh', 'restart']);
    expect(plan.runAsUser).toBe('uid 4242');
  });
});

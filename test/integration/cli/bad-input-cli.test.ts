import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCliInProcess, runCliProcess, type CliRun } from '../../support/run-cli';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

/**
 * Bad input, one row each, run through the CLI in-process (runCli): exit 2 with a clear error, nothing run or
 * changed, and never a hang (a FIFO or /dev/zero must not be read). The count is reported.
 */
const ENV = 'globalSettings__baseServiceUri__cloudRegion=US\nglobalSettings__installation__id=7d6f3c8e-1111-4a2b-9c3d-123456789abc\nglobalSettings__enableCloudCommunication=true\n';
const GUID = '7d6f3c8e-1111-4a2b-9c3d-123456789abc';
const isRoot = process.getuid?.() === 0;

interface Fixture {
  folder: string;
  install: TempInstall;
  /** Installs whose env file is bad in one way, by name. */
  bad: Record<'nul' | 'utf8' | 'large', TempInstall>;
  fifo: string;
  loop: string;
  loopEnv: TempInstall;
  license: string;
  env: NodeJS.ProcessEnv;
}

interface Case {
  name: string;
  args: (f: Fixture) => string[];
  /** The error code in the JSON document (exit 2). */
  code: string | RegExp;
  /** Extra check after the run (e.g. bitwarden.sh not called). */
  after?: (f: Fixture, run: CliRun) => Promise<void>;
}

const notRun = (pick: (f: Fixture) => TempInstall) => async (f: Fixture) => expect(await pick(f).calls()).toEqual([]);

const CASES: Case[] = [
  { name: 'apply: env file with NUL bytes', args: (f) => ['apply', '--bwdata', f.bad.nul.root], code: 'not-text', after: notRun((f) => f.bad.nul) },
  { name: 'apply: env file not UTF-8', args: (f) => ['apply', '--bwdata', f.bad.utf8.root], code: 'not-text', after: notRun((f) => f.bad.utf8) },
  { name: 'apply: env file too large', args: (f) => ['apply', '--bwdata', f.bad.large.root], code: 'too-large', after: notRun((f) => f.bad.large) },
  { name: 'apply --method no-pull: env file with NUL bytes', args: (f) => ['apply', '--bwdata', f.bad.nul.root, '--method', 'no-pull'], code: 'not-text' },
  { name: 'check --ca /dev/zero', args: () => ['check', '--ca', '/dev/zero', '--url', 'https://127.0.0.1:9/'], code: 'invalid-ca' },
  { name: 'check --ca FIFO (no hang)', args: (f) => ['check', '--ca', f.fifo, '--url', 'https://127.0.0.1:9/'], code: 'invalid-ca' },
  { name: 'check --ca folder', args: (f) => ['check', '--ca', f.folder, '--url', 'https://127.0.0.1:9/'], code: 'invalid-ca' },
  { name: "check --ca ''", args: () => ['check', '--ca', '', '--url', 'https://127.0.0.1:9/'], code: 'usage' },
  { name: 'check --timeout-ms 1e3', args: () => ['check', '--timeout-ms', '1e3', '--url', 'https://127.0.0.1:9/'], code: 'invalid-timeout' },
  { name: 'check --timeout-ms 0x10', args: () => ['check', '--timeout-ms', '0x10', '--url', 'https://127.0.0.1:9/'], code: 'invalid-timeout' },
  { name: 'check --timeout-ms " 12abc"', args: () => ['check', '--timeout-ms', '12abc', '--url', 'https://127.0.0.1:9/'], code: 'invalid-timeout' },
  { name: 'license inspect --cert /dev/zero', args: (f) => ['license', 'inspect', f.license, '--cert', '/dev/zero'], code: 'not-a-file' },
  { name: 'license inspect --cert FIFO (no hang)', args: (f) => ['license', 'inspect', f.license, '--cert', f.fifo], code: 'not-a-file' },
  { name: "license inspect --cert ''", args: (f) => ['license', 'inspect', f.license, '--cert', ''], code: 'usage' },
  { name: "license inspect --installation-id ''", args: (f) => ['license', 'inspect', f.license, '--installation-id', ''], code: 'usage' },
  { name: 'license inspect FIFO (no hang)', args: (f) => ['license', 'inspect', f.fifo], code: 'not-a-file' },
  { name: 'license inspect /dev/zero', args: () => ['license', 'inspect', '/dev/zero'], code: 'not-a-file' },
  { name: "license inspect ''", args: () => ['license', 'inspect', ''], code: 'usage' },
  { name: "license download --org ''", args: (f) => ['license', 'download', '--org', '', '--out', f.folder, '--installation-id', GUID], code: 'usage' },
  { name: 'license download --out FIFO (no hang)', args: (f) => ['license', 'download', '--org', GUID, '--out', f.fifo, '--installation-id', GUID, '--overwrite'], code: 'not-a-file' },
  { name: 'license download --out /dev/null', args: () => ['license', 'download', '--org', GUID, '--out', '/dev/null', '--installation-id', GUID, '--overwrite'], code: 'not-a-file' },
  { name: 'license inspect --bwdata symlink loop', args: (f) => ['license', 'inspect', f.license, '--bwdata', f.loop], code: 'symlink-loop' },
  { name: 'status --bwdata symlink loop', args: (f) => ['status', '--bwdata', path.join(f.loop, 'bwdata')], code: 'symlink-loop' },
  { name: 'enable-cloud: env file is a symlink loop', args: (f) => ['enable-cloud', '--bwdata', f.loopEnv.root], code: 'symlink-loop' },
  { name: "enable-cloud --bwdata ''", args: () => ['enable-cloud', '--bwdata', ''], code: 'usage' },
  { name: "restore-env --backup ''", args: (f) => ['restore-env', '--bwdata', f.install.root, '--backup', ''], code: 'usage' },
  { name: "check --write-proxy-env --proxy ''", args: (f) => ['check', '--write-proxy-env', '--bwdata', f.install.root, '--proxy', ''], code: 'usage' },
  { name: 'billing-sync token --password-file /dev/zero', args: () => ['billing-sync', 'token', '--org', GUID, '--password-file', '/dev/zero'], code: 'master-password-unavailable' },
  { name: "billing-sync token --password-file ''", args: () => ['billing-sync', 'token', '--org', GUID, '--password-file', ''], code: 'usage' },
  { name: 'sync wait --timeout-s 1e3', args: () => ['sync', 'wait', '--org', GUID, '--timeout-s', '1e3'], code: 'invalid-number' },
  { name: 'sync wait --interval-s 0x10', args: () => ['sync', 'wait', '--org', GUID, '--interval-s', '0x10'], code: 'invalid-number' },
  { name: "login self --ca '' ", args: () => ['login', 'self', '--vault', 'https://vault.example.test', '--ca', ''], code: 'usage' },
  { name: 'settings file is a FIFO (no hang)', args: () => ['whoami'], code: 'settings-unreadable' },
];

describe('bad input through the real CLI: exit 2, a clear error, nothing run', () => {
  let fixture: Fixture;
  const passed: string[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    ensureCliBuilt();
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-bad-input-'));
    cleanups.push(() => fs.rm(folder, { recursive: true, force: true }));
    const make = async (envContent: string | Uint8Array) => {
      const install = await createTempInstall({ envContent });
      cleanups.push(() => install.dispose());
      return install;
    };
    const fifo = path.join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const loop = path.join(folder, 'loop');
    await fs.symlink(loop, loop);
    const loopEnv = await make(ENV);
    await fs.rm(loopEnv.envFile);
    await fs.symlink(loopEnv.envFile, loopEnv.envFile);
    const license = path.join(folder, 'license.json');
    await fs.writeFile(license, '{}');
    // The settings file of every run is a FIFO: reading it must be refused, not hang.
    const config = path.join(folder, 'config');
    await fs.mkdir(path.join(config, 'sponsorship-setup'), { recursive: true });
    execFileSync('mkfifo', [path.join(config, 'sponsorship-setup', 'settings.json')]);
    fixture = {
      folder,
      install: await make(ENV),
      bad: {
        nul: await make(`${ENV}A=b\0c\n`),
        utf8: await make(new Uint8Array([...Buffer.from(ENV), 0xc3, 0x28, 0x0a])),
        large: await make(`${ENV}${'#'.repeat(1024 * 1024)}\n`),
      },
      fifo,
      loop,
      loopEnv,
      license,
      env: { XDG_CONFIG_HOME: config, XDG_STATE_HOME: path.join(folder, 'state'), BW_CLIENTID: '', BW_CLIENTSECRET: '' },
    };
  });

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    console.log(`[bad-input] ${passed.length} of ${CASES.length} bad-input cases refused with exit 2 and a clear error`);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    // In-process: each row is about input rules; the real process's exit code and JSON are covered in cli-basics.
    const run = await runCliInProcess([...testCase.args(fixture), '--json'], {}, { env: fixture.env });
    expect(run.code, run.stderr).toBe(2);
    const document = JSON.parse(run.stdout) as { ok?: boolean; error: { code: string; message: string } };
    expect(document.error.code).toMatch(testCase.code);
    expect(document.error.message).not.toMatch(/ELOOP|EAGAIN|ENXIO/);
    await testCase.after?.(fixture, run);
    passed.push(testCase.name);
  }, 30_000);

  it.skipIf(isRoot)('apply: an unreadable env file (not run as root: root reads anything)', async () => {
    const install = await createTempInstall({ envContent: ENV, envMode: 0o000 });
    cleanups.push(() => install.dispose());
    const run = await runCliProcess(['apply', '--bwdata', install.root, '--json'], { env: fixture.env });
    expect(run.code).toBe(2);
    expect(await install.calls()).toEqual([]);
  });
});

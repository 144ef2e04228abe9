import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureCliBuilt, CLI_ENTRY } from '../support/run-cli';
import { adminHomeWithSshd, LOGIN_USER, sshSkipReason, type TestSshd } from '../support/ssh';
import { runTool } from '../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../support/temp-install';

// `status --host` (a fresh CLI process: resolve, verify the host key, log in, read the install over SSH)
// against `ssh host cat <env file>` with the OpenSSH client, also a fresh process without ControlMaster.
// Goal: our wall time at most 1.5x OpenSSH's. Prints the ratio; asserts only that every run succeeded.
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const skipReason = sshSkipReason();

let home: string;
let sshd: TestSshd;
let dispose: (() => Promise<void>) | undefined;
let install: TempInstall;

const TIME = '/usr/bin/time';

/** Wall ms, and the client's CPU ms (user + system, by GNU time when present: on a loaded machine wall time mostly measures the queue). */
async function timed(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; cpuMs: number; code: number; stderr: string }> {
  const hasTime = await fs.stat(TIME).then(() => true, () => false);
  const [command, argv] = hasTime ? [TIME, ['-f', 'cpu %U %S', file, ...args]] : [file, args];
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    execFile(command, argv, { env: { ...process.env, ...env }, timeout: 60_000 }, (error, _stdout, stderr) => {
      const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(stderr);
      resolve({
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN,
        code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
        stderr,
      });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

beforeAll(async () => {
  if (skipReason) return;
  ensureCliBuilt();
  ({ home, sshd, dispose } = await adminHomeWithSshd('sst-bench-home-'));
  const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', LOGIN_USER]), runTool('/usr/bin/id', ['-g', LOGIN_USER])]);
  install = await createTempInstall({
    envContent: 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__baseServiceUri__cloudRegion=US\n',
    owner: { uid: Number(uid), gid: Number(gid) },
  });
  // Both clients trust the same known_hosts entry.
  const scanned = await runTool('/usr/bin/ssh-keyscan', ['-p', String(sshd.port), '-t', 'ed25519', '127.0.0.1']);
  await fs.writeFile(path.join(home, '.ssh', 'known_hosts'), scanned, { mode: 0o600 });
}, 60_000);

afterAll(async () => {
  await install?.dispose();
  await dispose?.();
});

it.skipIf(skipReason !== null)(`status --host against ssh cat of the env file${skipReason ? ` (skipped: ${skipReason})` : ''}`, async () => {
  const env = { HOME: home, SSH_AUTH_SOCK: '', XDG_CONFIG_HOME: path.join(home, '.config') };
  const target = `${LOGIN_USER}@127.0.0.1:${sshd.port}`;
  const ours = [process.execPath, [CLI_ENTRY, 'status', '--host', target, '--bwdata', install.root, '--json']] as const;
  const openssh = [
    '/usr/bin/ssh',
    ['-F', '/dev/null', '-o', 'BatchMode=yes', '-o', 'ControlMaster=no', '-o', 'ControlPath=none', '-o', `UserKnownHostsFile=${path.join(home, '.ssh', 'known_hosts')}`, '-i', path.join(home, '.ssh', 'id_ed25519'), '-p', String(sshd.port), `${LOGIN_USER}@127.0.0.1`, 'cat', install.envFile],
  ] as const;
  const oursMs: number[] = [];
  const opensshMs: number[] = [];
  const oursCpu: number[] = [];
  const opensshCpu: number[] = [];
  // The floor under ours: a bare Node start (what no change to the CLI can remove).
  const nodeCpu: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    // Alternate, so load on the machine hits both alike.
    const a = await timed(ours[0], [...ours[1]], env);
    expect(a.code, a.stderr).toBe(0);
    oursMs.push(a.ms);
    oursCpu.push(a.cpuMs);
    const b = await timed(openssh[0], [...openssh[1]], env);
    expect(b.code, b.stderr).toBe(0);
    opensshMs.push(b.ms);
    opensshCpu.push(b.cpuMs);
    nodeCpu.push((await timed(process.execPath, ['-e', '0'], env)).cpuMs);
  }
  const ratio = median(oursMs) / median(opensshMs);
  console.log(
    `[ssh-status-bench] ${RUNS} runs each, medians: status --host ${median(oursMs).toFixed(0)} ms, ssh cat ${median(opensshMs).toFixed(0)} ms, ratio ${ratio.toFixed(2)}x (goal <= 1.5x); ` +
      `client CPU ${median(oursCpu).toFixed(0)} ms vs ${median(opensshCpu).toFixed(0)} ms (a bare \`node -e 0\`: ${median(nodeCpu).toFixed(0)} ms); ` +
      `load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs (on a loaded machine wall time follows CPU time)`,
  );
});

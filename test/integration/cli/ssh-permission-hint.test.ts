import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../../support/run-cli';
import { adminHomeWithSshd, LOGIN_USER, sshSkipReason, type TestSshd } from '../../support/ssh';
import { runTool } from '../../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__installation__key=not-a-real-key\n';

/**
 * A permission error on a remote install: the copyable command keeps --host (or --server), so pasting it
 * reaches the same server, and the advice is about the SSH login, not about sudo on this computer.
 */
describe.skipIf(skipReason !== null)(`CLI permission hint over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let sshd: TestSshd;
  let dispose: (() => Promise<void>) | undefined;
  let install: TempInstall;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    ({ home, sshd, dispose } = await adminHomeWithSshd('sst-cli-hint-home-'));
    const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', LOGIN_USER]), runTool('/usr/bin/id', ['-g', LOGIN_USER])]);
    // The install is the login's own, but its env file is root's alone: the login cannot read it.
    install = await createTempInstall({ envContent: ENV, owner: { uid: Number(uid), gid: Number(gid) } });
    await fs.chmod(path.dirname(install.root), 0o755);
    await fs.chown(install.envFile, 0, 0);
    await fs.chmod(install.envFile, 0o600);
    env = { HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), SSH_AUTH_SOCK: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
  }, 60_000);

  afterAll(async () => {
    await install?.dispose();
    await dispose?.();
  });

  it('status --host: the command to paste keeps --host and the host key, and says what the SSH login needs', async () => {
    const target = `${LOGIN_USER}@127.0.0.1:${sshd.port}`;
    const run = await runCliInProcess(['status', '--host', target, '--bwdata', install.root, '--accept-host-key', sshd.hostKeyFingerprint, '--json'], {}, { env });
    expect(run.code, run.stderr).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error.code).toBe('permission-denied');
    expect(error.command).toBe(`sponsorship-setup status --host ${target} --bwdata ${install.root} --accept-host-key ${sshd.hostKeyFingerprint} --json`);
    expect(error.message).toContain(error.command);
    expect(error.message).toContain(`The SSH login ${LOGIN_USER} may not do this on the server.`);
    expect(error.message).not.toContain('or with sudo:');
  });

  it('status --server NAME: the command keeps --server NAME', async () => {
    const saved = await runCliInProcess(['servers', 'add', 'hinted', '--host', `${LOGIN_USER}@127.0.0.1:${sshd.port}`, '--bwdata', install.root, '--json'], {}, { env });
    expect(saved.code, saved.stderr).toBe(0);
    const run = await runCliInProcess(['status', '--server', 'hinted', '--json'], {}, { env });
    expect(run.code, run.stderr).toBe(2);
    const error = JSON.parse(run.stdout).error;
    expect(error).toMatchObject({ code: 'permission-denied', command: 'sponsorship-setup status --server hinted --json' });
    expect(error.message).toContain('sponsorship-setup status --server hinted --json');
  });
});

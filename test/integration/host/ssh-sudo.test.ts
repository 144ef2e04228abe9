import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHostError } from '../../../main/core/host';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import { isSshError, type SshHost } from '../../../main/core/host/ssh/ssh-types';
import {
  chownTree,
  ensureTestUsers,
  FORBIDDEN_USER,
  LOGIN_USER,
  makeKey,
  OWNER_USER,
  promptsAnswering,
  specFor,
  sshSkipReason,
  startSshd,
  SUDO_PASSWORD_USER,
  TEST_PASSWORD,
  trustingOnly,
  type TestKey,
  type TestSshd,
} from '../../support/ssh';

const skipReason = sshSkipReason();
const ENV = 'globalSettings__installation__id=1\n';

describe.skipIf(skipReason !== null)(`SSH host acting as the install's owner through sudo${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let install: string;
  let envFile: string;
  let key: TestKey;
  let sshd: TestSshd;
  const hosts: SshHost[] = [];
  const open = async (user: string, prompts = promptsAnswering(), target: TestSshd = sshd) => {
    const host = await openSshHost({ spec: specFor(target, user, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(target.hostKeyFingerprint), prompts });
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    await ensureTestUsers();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-sudo-'));
    await fs.chmod(folder, 0o755);
    key = await makeKey(folder, 'id_ed25519');
    await fs.chmod(key.file, 0o600);
    install = path.join(folder, 'bwdata');
    envFile = path.join(install, 'env', 'global.override.env');
    await fs.mkdir(path.dirname(envFile), { recursive: true });
    await fs.writeFile(envFile, ENV, { mode: 0o600 });
    await chownTree(install, OWNER_USER);
    await fs.chmod(install, 0o700);
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey], [SUDO_PASSWORD_USER]: [key.publicKey] } });
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await sshd?.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('reads, edits and runs as the owner through sudo -n (NOPASSWD) where the login user may not', async () => {
    const login = await open(LOGIN_USER);
    await expect(login.readFile(envFile, { maxBytes: 1000 })).rejects.toSatisfy((e) => isHostError(e, 'permission-denied'));
    const owner = await login.asUser(OWNER_USER);
    expect((await owner.identity()).userName).toBe(OWNER_USER);
    expect(Buffer.from(await owner.readFile(envFile, { maxBytes: 1000 })).toString()).toBe(ENV);
    expect(await owner.list(path.dirname(envFile))).toEqual([{ name: 'global.override.env', kind: 'file' }]);
    expect((await owner.stat(envFile))?.mode).toBe(0o600);

    const lock = await owner.lock(envFile);
    await owner.backup(envFile, `${envFile}.bak`);
    await owner.writeFileIfUnchanged(envFile, Buffer.from(ENV), Buffer.from(`${ENV}globalSettings__enableCloudCommunication=true\n`));
    await lock.release();
    const after = await fs.stat(envFile);
    const ownerUid = Number((await fs.readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith(`${OWNER_USER}:`))!.split(':')[2]);
    expect([after.uid, after.mode & 0o777]).toEqual([ownerUid, 0o600]);
    expect((await fs.stat(`${envFile}.bak`)).uid).toBe(ownerUid);

    const lines: string[] = [];
    const result = await owner.run({ command: 'id', args: ['-un'], cwd: install, onLine: (line) => lines.push(line.text) });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual([OWNER_USER]);
    const probe = await owner.exec({ command: 'id', args: ['-un'] });
    expect(Buffer.from(probe.stdout).toString().trim()).toBe(OWNER_USER);
  });

  it('asks the sudo password once, passes it on stdin and never again for later operations', async () => {
    const prompts = promptsAnswering({ sudoPassword: TEST_PASSWORD });
    const login = await open(SUDO_PASSWORD_USER, prompts);
    const owner = await login.asUser(OWNER_USER);
    expect(Buffer.from(await owner.readFile(envFile, { maxBytes: 1000 })).toString()).toContain('installation__id=1');
    const lines: string[] = [];
    const result = await owner.run({ command: 'bash', args: ['-c', 'id -un; cat > /dev/null; echo stdin-closed'], cwd: install, onLine: (line) => lines.push(line.text) });
    expect(result.exitCode).toBe(0);
    expect(lines).toEqual([OWNER_USER, 'stdin-closed']);
    expect((await owner.identity()).userName).toBe(OWNER_USER);
    expect(prompts.asked).toEqual([`sudo ${OWNER_USER}`]);
  });

  it('refuses a wrong sudo password with sudo-refused and the sudoers line that would allow it', async () => {
    const login = await open(SUDO_PASSWORD_USER, promptsAnswering({ sudoPassword: 'not the password' }));
    const error = await login.asUser(OWNER_USER).catch((e: unknown) => e);
    expect(isSshError(error, 'sudo-refused')).toBe(true);
    expect((error as { details: { sudoersLine: string } }).details.sudoersLine).toBe(`${SUDO_PASSWORD_USER} ALL=(${OWNER_USER}) NOPASSWD: ALL`);
    expect((error as Error).message).not.toContain('not the password');
  });

  it('refuses a user sudo does not allow, naming the sudoers line', async () => {
    const login = await open(LOGIN_USER);
    const error = await login.asUser(FORBIDDEN_USER).catch((e: unknown) => e);
    expect(isSshError(error, 'sudo-refused')).toBe(true);
    expect((error as Error).message).toContain(`${LOGIN_USER} ALL=(${FORBIDDEN_USER}) NOPASSWD: ALL`);
  });

  it('says which tool is missing on a server without sudo or without bash', async () => {
    const tools = path.join(folder, 'tools');
    await fs.mkdir(tools);
    for (const tool of ['bash', 'cat', 'id']) await fs.symlink(`/usr/bin/${tool}`, path.join(tools, tool));
    const noSudo = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] }, sessionPath: tools });
    const noBash = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] }, sessionPath: path.join(folder, 'empty') });
    try {
      const withoutSudo = await open(LOGIN_USER, promptsAnswering(), noSudo);
      const sudoError = await withoutSudo.asUser(OWNER_USER).catch((e: unknown) => e);
      expect(isSshError(sudoError, 'remote-tool-missing')).toBe(true);
      expect((sudoError as { details: { tool: string } }).details.tool).toBe('sudo');

      const withoutBash = await open(LOGIN_USER, promptsAnswering(), noBash);
      const bashError = await withoutBash.identity().catch((e: unknown) => e);
      expect(isSshError(bashError, 'remote-tool-missing')).toBe(true);
      expect((bashError as { details: { tool: string } }).details.tool).toBe('bash');
    } finally {
      await noSudo.stop();
      await noBash.stop();
    }
  });
});

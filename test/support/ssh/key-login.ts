import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import type { SshConnectSpec, SshHost } from '../../../main/core/host/ssh/ssh-types';
import { makeKey, type TestKey } from './keys';
import { promptsAnswering, specFor, trustingOnly } from './ssh-fixture';
import { startSshd, type SshdOptions, type TestSshd } from './sshd';
import { runTool } from './ssh-tools';
import { ensureTestUsers, LOGIN_USER, OWNER_USER } from './users';

/** The test users exist, and a fresh temporary folder holds one ed25519 key without a passphrase. */
export async function loginKeyFolder(prefix: string): Promise<{ folder: string; key: TestKey }> {
  await ensureTestUsers();
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { folder, key: await makeKey(folder, 'id_ed25519') };
}

/** An sshd that lets the login user in with `key`. */
export function startSshdFor(key: TestKey, options: Omit<SshdOptions, 'authorizedKeys'> = {}): Promise<TestSshd> {
  return startSshd({ ...options, authorizedKeys: { [LOGIN_USER]: [key.publicKey] } });
}

/** The SSH host as the login user with `key`, trusting only this sshd's host key and answering no prompt. */
export function openAsLoginUser(sshd: TestSshd, key: TestKey, extra: Partial<Omit<SshConnectSpec, 'target' | 'label'>> = {}): Promise<SshHost> {
  return openSshHost({
    spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file], ...extra }),
    verifyHostKey: trustingOnly(sshd.hostKeyFingerprint),
    prompts: promptsAnswering(),
  });
}

/**
 * An admin's HOME as the app sees it (a temp folder with `~/.ssh/id_ed25519`, found as a default key)
 * and an sshd that lets the login user in with that key. `dispose` stops the sshd and removes the HOME.
 */
export async function adminHomeWithSshd(prefix: string): Promise<{ home: string; key: TestKey; sshd: TestSshd; dispose(): Promise<void> }> {
  await ensureTestUsers();
  const home = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
  const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
  const sshd = await startSshdFor(key);
  return {
    home,
    key,
    sshd,
    dispose: async () => {
      await sshd.stop();
      await fs.rm(home, { recursive: true, force: true });
    },
  };
}

/** The uid and gid of the user who owns the fake installs (the SSH login reaches it through sudo). */
export async function installOwnerIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', OWNER_USER]), runTool('/usr/bin/id', ['-g', OWNER_USER])]);
  return { uid: Number(uid), gid: Number(gid) };
}

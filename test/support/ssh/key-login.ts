import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import type { SshConnectSpec, SshHost } from '../../../main/core/host/ssh/ssh-types';
import { makeKey, type TestKey } from './keys';
import { promptsAnswering, specFor, trustingOnly } from './ssh-fixture';
import { startSshd, type SshdOptions, type TestSshd } from './sshd';
import { ensureTestUsers, LOGIN_USER } from './users';

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

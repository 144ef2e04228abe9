import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import { isSshError, type SshHost } from '../../../main/core/host/ssh/ssh-types';
import {
  ensureTestUsers,
  LOGIN_USER,
  makeKey,
  promptsAnswering,
  specFor,
  sshSkipReason,
  startSshAgent,
  startSshd,
  TEST_PASSWORD,
  trustingOnly,
  type TestKey,
  type TestSshd,
} from '../../support/ssh';

const skipReason = sshSkipReason();

describe.skipIf(skipReason !== null)(`SSH login methods${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let plainKey: TestKey;
  let agentKey: TestKey;
  let lockedKey: TestKey;
  let sshd: TestSshd;
  const hosts: SshHost[] = [];
  const open = async (...args: Parameters<typeof openSshHost>) => {
    const host = await openSshHost(...args);
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    await ensureTestUsers();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-ssh-auth-'));
    plainKey = await makeKey(folder, 'id_ed25519');
    agentKey = await makeKey(folder, 'agent_ecdsa', 'ecdsa');
    lockedKey = await makeKey(folder, 'id_rsa_locked', 'rsa', 'open sesame');
    sshd = await startSshd({
      authorizedKeys: { [LOGIN_USER]: [plainKey.publicKey, agentKey.publicKey, lockedKey.publicKey] },
      password: true,
      keyboardInteractive: true,
    });
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.close()));
    await sshd?.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('logs in with an identity file, offers the host key with its SHA256 fingerprint and runs as the login user', async () => {
    const verifier = trustingOnly(sshd.hostKeyFingerprint);
    const host = await open({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [plainKey.file] }), verifyHostKey: verifier, prompts: promptsAnswering() });
    expect(verifier.offers).toHaveLength(1);
    expect(verifier.offers[0]).toMatchObject({ keyType: 'ssh-ed25519', fingerprint: sshd.hostKeyFingerprint, endpoint: { user: LOGIN_USER, port: sshd.port } });
    const identity = await host.identity();
    expect(identity.userName).toBe(LOGIN_USER);
    expect(identity.isRoot).toBe(false);
    expect(await host.userName(identity.uid!)).toBe(LOGIN_USER);
  });

  it('logs in with the SSH agent before any identity file, asking nothing', async () => {
    const agent = await startSshAgent([agentKey.file]);
    try {
      const prompts = promptsAnswering();
      const host = await open({ spec: specFor(sshd, LOGIN_USER, { agentSocket: agent.socket, identityFiles: [lockedKey.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts });
      expect((await host.identity()).userName).toBe(LOGIN_USER);
      expect(prompts.asked).toEqual([]);
    } finally {
      await agent.stop();
    }
  });

  it('logs in with the identity file when the agent socket is dead (a stale SSH_AUTH_SOCK), asking nothing', async () => {
    const prompts = promptsAnswering();
    const dead = path.join(folder, 'dead-agent.sock');
    const host = await open({ spec: specFor(sshd, LOGIN_USER, { agentSocket: dead, identityFiles: [plainKey.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts });
    expect((await host.identity()).userName).toBe(LOGIN_USER);
    expect(prompts.asked).toEqual([]);
  });

  it('asks for the passphrase of an encrypted key and logs in with it', async () => {
    const prompts = promptsAnswering({ passphrase: 'open sesame' });
    const host = await open({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [lockedKey.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts });
    expect((await host.identity()).userName).toBe(LOGIN_USER);
    expect(prompts.asked).toEqual([`passphrase ${lockedKey.file}`]);
  });

  it('falls back to keyboard-interactive / password with the asked password', async () => {
    const prompts = promptsAnswering({ password: TEST_PASSWORD });
    const host = await open({ spec: specFor(sshd, LOGIN_USER), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts });
    expect((await host.identity()).userName).toBe(LOGIN_USER);
    expect(prompts.asked).toEqual([`password ${LOGIN_USER}`]);
  });

  it('fails with ssh-auth-failed listing every method tried, in order', async () => {
    const stranger = await makeKey(folder, 'stranger_ed25519');
    const prompts = promptsAnswering({ password: 'wrong password', passphrase: 'not it' });
    const error = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [stranger.file, lockedKey.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts }).catch((e: unknown) => e);
    expect(isSshError(error, 'ssh-auth-failed')).toBe(true);
    expect((error as { details: { methodsTried: string[] } }).details.methodsTried).toEqual([
      `publickey ${stranger.file}`,
      `publickey ${lockedKey.file} (wrong passphrase)`,
      'keyboard-interactive',
      'password',
    ]);
    expect(String((error as Error).message)).not.toContain('wrong password');
  });

  it('refuses an unknown host key through the verifier, and a changed key after the server is rekeyed', async () => {
    const unknown = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [plainKey.file] }), verifyHostKey: trustingOnly('SHA256:somethingelse'), prompts: promptsAnswering() }).catch((e: unknown) => e);
    expect(isSshError(unknown, 'host-key-unknown')).toBe(true);
    expect((unknown as { details: { fingerprint: string } }).details.fingerprint).toBe(sshd.hostKeyFingerprint);

    const before = sshd.hostKeyFingerprint;
    await sshd.changeHostKey();
    expect(sshd.hostKeyFingerprint).not.toBe(before);
    const changed = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [plainKey.file] }), verifyHostKey: trustingOnly(before), prompts: promptsAnswering() }).catch((e: unknown) => e);
    expect(isSshError(changed, 'host-key-unknown')).toBe(true);
    expect((changed as { details: { fingerprint: string } }).details.fingerprint).toBe(sshd.hostKeyFingerprint);
  });

  it('reports a closed port as host-unreachable', async () => {
    const error = await openSshHost({ spec: { ...specFor({ host: '127.0.0.1', port: 1 }, LOGIN_USER), connectTimeoutMs: 3_000 }, verifyHostKey: trustingOnly(), prompts: promptsAnswering() }).catch((e: unknown) => e);
    expect(isSshError(error, 'host-unreachable')).toBe(true);
  });
});

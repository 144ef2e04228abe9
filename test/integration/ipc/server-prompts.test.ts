import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { buildHandlerTable, createDispatcher, createTrust, EVENTS, INVOKE, type Trust } from '../../../main/ipc';
import type { ServerSecretPrompt } from '../../../main/ipc/contracts/server-contract';
import { looksLikeInstall } from '../../../main/ipc/host-session/install-owner';
import { fakeAppServices } from '../../support/app-services';
import { ensureTestUsers, FORBIDDEN_USER, LOGIN_USER, makeKey, OWNER_USER, sshSkipReason, startSshd, SUDO_PASSWORD_USER, TEST_PASSWORD, type TestKey, type TestSshd } from '../../support/ssh';
import { runTool } from '../../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const PASSPHRASE = 'open sesame';
const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__installation__key=not-a-real-key\n';

type Answer = { secret: string | null; keep?: boolean };

/**
 * The app's SSH questions through the REAL handler table and dispatcher against real OpenSSH servers on
 * loopback: the passphrase, the keyboard-interactive password and the sudo password arrive as
 * `serverSecretPrompt` events while the call waits, and are answered through `serverAnswerPrompt`, as
 * the page does. HOME holds no default key, so only what the admin chose (by handle) or typed is used.
 */
describe.skipIf(skipReason !== null)(`SSH questions asked while the connection waits${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let sshd: TestSshd;
  let hop: TestSshd;
  let lockedKey: TestKey;
  let plainKey: TestKey;
  let install: TempInstall;
  let trust: Trust;
  const hostKeyAnswers: boolean[] = [];
  const hostKeyQuestions: string[] = [];

  /** `answers` are given in order to the questions main asks; every question is recorded. */
  const setup = (answers: Answer[], options: { pickFile?: string } = {}) => {
    trust = createTrust();
    const store = new MemorySecretStore();
    const settings = new MemorySettingsStore();
    const services = fakeAppServices({
      host: createLocalHost(),
      settings,
      secrets: { store, persistent: true },
      dialogs: {
        pickFolder: async () => null,
        pickFile: async () => options.pickFile ?? null,
        saveFile: async () => null,
        confirm: async ({ message }) => {
          hostKeyQuestions.push(message);
          return hostKeyAnswers.shift() ?? false;
        },
      },
      sshEnvironment: { home, env: { HOME: home, SSH_AUTH_SOCK: '' } },
    });
    const dispatcher = createDispatcher(buildHandlerTable(services, trust));
    const prompts: ServerSecretPrompt[] = [];
    const answerResults: unknown[] = [];
    const emit = (channel: string, payload: unknown) => {
      if (channel !== EVENTS.serverSecretPrompt) return;
      const prompt = payload as ServerSecretPrompt;
      prompts.push(prompt);
      const answer = answers.shift() ?? { secret: null };
      // The page answers through its own call while the connection's call is still waiting.
      void dispatcher.dispatch(INVOKE.serverAnswerPrompt, { promptId: prompt.promptId, secret: answer.secret, keepInKeychain: answer.keep ?? false }, () => {}).then((result) => answerResults.push(result));
    };
    const call = (channel: string, payload: unknown) => dispatcher.dispatch(channel, payload, emit as never);
    const ok = async <T>(channel: string, payload: unknown): Promise<T> => {
      const result = await call(channel, payload);
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`);
      return result.value as T;
    };
    return { call, ok, prompts, answerResults, store, settings };
  };

  beforeAll(async () => {
    await ensureTestUsers();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-prompts-home-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    lockedKey = await makeKey(home, 'locked_ed25519', 'ed25519', PASSPHRASE);
    plainKey = await makeKey(home, 'plain_ed25519');
    const authorizedKeys = { [LOGIN_USER]: [lockedKey.publicKey, plainKey.publicKey] };
    [sshd, hop] = await Promise.all([startSshd({ keyboardInteractive: true, password: false, authorizedKeys }), startSshd({ authorizedKeys })]);
    const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', OWNER_USER]), runTool('/usr/bin/id', ['-g', OWNER_USER])]);
    install = await createTempInstall({ envContent: ENV, owner: { uid: Number(uid), gid: Number(gid) } });
    await fs.chmod(install.root, 0o700);
    // Both servers' keys are known: these tests are about secrets, not host keys (one test asks about them).
    const known = (server: TestSshd) => runTool('/usr/bin/ssh-keyscan', ['-t', 'ed25519', '-p', String(server.port), '127.0.0.1']);
    await fs.writeFile(path.join(home, '.ssh', 'known_hosts'), `${await known(sshd)}\n`, { mode: 0o600 });
  }, 60_000);

  afterEach(async () => {
    await trust?.hosts.close();
    hostKeyAnswers.length = 0;
    hostKeyQuestions.length = 0;
  });

  afterAll(async () => {
    await install?.dispose();
    await Promise.all([sshd?.stop(), hop?.stop()]);
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  it('keyboard-interactive: the password is asked while the connection waits, kept in the keychain only when ticked, then not asked again', async () => {
    const { ok, prompts, store } = setup([{ secret: TEST_PASSWORD, keep: true }]);
    const target = { host: '127.0.0.1', user: FORBIDDEN_USER, port: sshd.port };
    const connected = await ok<{ status: { label: string } }>(INVOKE.serverConnect, target);
    expect(connected.status.label).toBe(`${FORBIDDEN_USER}@127.0.0.1:${sshd.port}`);
    expect(prompts).toEqual([{ promptId: expect.any(String), kind: 'password', subject: `${FORBIDDEN_USER}@127.0.0.1:${sshd.port}`, retry: false, canKeep: true }]);
    expect(sshd.log()).toContain(`Accepted keyboard-interactive/pam for ${FORBIDDEN_USER}`);
    const account = `ssh:host=${FORBIDDEN_USER}@127.0.0.1:${sshd.port}:password:${FORBIDDEN_USER}@127.0.0.1:${sshd.port}`;
    expect(await store.get(account)).toBe(TEST_PASSWORD);

    await trust.hosts.close();
    await ok(INVOKE.serverConnect, target);
    expect(prompts).toHaveLength(1); // the kept one was used
  });

  it('Cancel on the question: not connected, ssh-auth-failed naming the declined method; nothing kept', async () => {
    const { call, prompts, store } = setup([{ secret: null }]);
    const refused = await call(INVOKE.serverConnect, { host: '127.0.0.1', user: FORBIDDEN_USER, port: sshd.port });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ssh-auth-failed' } });
    expect(refused.ok ? [] : refused.error.details?.methodsTried).toContain('keyboard-interactive (declined)');
    expect(prompts).toHaveLength(1);
    expect(await store.list()).toEqual([]);
    expect(await call(INVOKE.serverStatus, undefined)).toEqual({ ok: true, value: { kind: 'this-computer' } });
  });

  it('a passphrase-protected key chosen by handle: a wrong passphrase is asked again, the right one logs in; the key is saved with the server, its passphrase is not', async () => {
    const { ok, call, prompts, store, settings } = setup([{ secret: 'not it' }, { secret: PASSPHRASE }], { pickFile: lockedKey.file });
    const picked = await ok<{ file: { fileId: string; name: string } }>(INVOKE.serverPickIdentity, undefined);
    expect(picked.file.name).toBe('locked_ed25519');
    const connected = await ok<{ status: { label: string; serverName: string } }>(INVOKE.serverConnect, {
      host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, identityFileId: picked.file.fileId, saveAs: 'locked',
    });
    expect(connected.status).toMatchObject({ label: `${LOGIN_USER}@127.0.0.1:${sshd.port}`, serverName: 'locked' });
    expect(prompts.map(({ kind, subject, retry }) => ({ kind, subject, retry }))).toEqual([
      { kind: 'passphrase', subject: 'the key locked_ed25519', retry: false },
      { kind: 'passphrase', subject: 'the key locked_ed25519', retry: true },
    ]);
    expect(sshd.log()).toContain(`Accepted publickey for ${LOGIN_USER}`);
    expect(await store.list()).toEqual([]);
    const saved = (await settings.load()).sshServers;
    expect(saved).toEqual([{ name: 'locked', host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, identityFile: lockedKey.file }]);
    expect(JSON.stringify(saved)).not.toContain(PASSPHRASE);
    const listed = await ok<{ choices: Array<{ name: string; identityName: string | null }> }>(INVOKE.serverList, undefined);
    expect(listed.choices).toContainEqual(expect.objectContaining({ name: 'locked', identityName: 'locked_ed25519' }));

    // The page cannot name a key file, nor pass a handle main issued for something else.
    expect(await call(INVOKE.serverConnect, { host: '127.0.0.1', identityFile: lockedKey.file })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const ca = await ok<{ file: { fileId: string } }>(INVOKE.firewallPickCaFile, undefined);
    expect(await call(INVOKE.serverConnect, { host: '127.0.0.1', identityFileId: ca.file.fileId })).toMatchObject({ ok: false, error: { code: 'unknown-file' } });
  });

  it('the sudo password is asked while the install folder is read, once per connection', async () => {
    const { ok, prompts } = setup([{ secret: TEST_PASSWORD }, { secret: TEST_PASSWORD }]);
    await ok(INVOKE.serverConnect, { host: '127.0.0.1', user: SUDO_PASSWORD_USER, port: sshd.port });
    const used = await ok<{ status: { actingAs: string } }>(INVOKE.serverUseInstall, { folder: install.root });
    expect(used.status.actingAs).toBe(OWNER_USER);
    expect(prompts.map((prompt) => prompt.kind)).toEqual(['password', 'sudo']);
    expect(prompts[1]?.subject).toBe(`${SUDO_PASSWORD_USER} on 127.0.0.1, to act as ${OWNER_USER}`);
    await ok(INVOKE.serverUseInstall, { folder: install.root });
    expect(prompts).toHaveLength(2);
  });

  it('Cancel on the sudo question: sudo-refused with the sudoers line that would allow it without one', async () => {
    const { call, prompts } = setup([{ secret: TEST_PASSWORD }, { secret: null }]);
    expect((await call(INVOKE.serverConnect, { host: '127.0.0.1', user: SUDO_PASSWORD_USER, port: sshd.port })).ok).toBe(true);
    const refused = await call(INVOKE.serverUseInstall, { folder: install.root });
    expect(refused).toMatchObject({ ok: false, error: { code: 'sudo-refused', details: { sudoersLine: `${SUDO_PASSWORD_USER} ALL=(${OWNER_USER}) NOPASSWD: ALL` } } });
    expect(prompts.map((prompt) => prompt.kind)).toEqual(['password', 'sudo']);
  });

  it('ProxyJump typed in the form: the hop is reached first (its key asked natively), then the server through it; saved with the server', async () => {
    const { ok, settings, prompts } = setup([], { pickFile: plainKey.file });
    const picked = await ok<{ file: { fileId: string } }>(INVOKE.serverPickIdentity, undefined);
    hostKeyAnswers.push(true);
    const jump = `${LOGIN_USER}@127.0.0.1:${hop.port}`;
    const connected = await ok<{ status: { label: string } }>(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, proxyJump: jump, identityFileId: picked.file.fileId, saveAs: 'behind-hop' });
    expect(connected.status.label).toBe(`${LOGIN_USER}@127.0.0.1:${sshd.port}`);
    expect(hostKeyQuestions).toHaveLength(1);
    expect(hostKeyQuestions[0]).toContain(hop.hostKeyFingerprint);
    expect(hop.log()).toContain(`Accepted publickey for ${LOGIN_USER}`);
    expect(prompts).toEqual([]);
    expect((await settings.load()).sshServers[0]).toMatchObject({ name: 'behind-hop', proxyJump: jump, identityFile: plainKey.file });

    // Connecting by the saved name goes through the hop again, with no other question.
    await trust.hosts.close();
    await ok(INVOKE.serverConnect, { host: '127.0.0.1', serverName: 'behind-hop' });
    expect(hostKeyQuestions).toHaveLength(1);
  });

  it('install folders offered after a look on the server: one with bwdata, and one the login may not look into', async () => {
    const { ok } = setup([], { pickFile: plainKey.file });
    const picked = await ok<{ file: { fileId: string } }>(INVOKE.serverPickIdentity, undefined);
    await ok(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port, identityFileId: picked.file.fileId });
    const ssh = trust.hosts.current()!.ssh;
    const open = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-open-install-'));
    await fs.mkdir(path.join(open, 'bwdata'));
    await fs.chmod(open, 0o755);
    const empty = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-not-install-'));
    await fs.chmod(empty, 0o755);
    try {
      // install.root is the owner's alone (0700): the login cannot look inside, so it is still offered.
      expect(await looksLikeInstall(ssh, install.root)).toBe(true);
      expect(await looksLikeInstall(ssh, open)).toBe(true);
      expect(await looksLikeInstall(ssh, empty)).toBe(false);
      expect(await looksLikeInstall(ssh, '/nonexistent/bitwarden')).toBe(false);
    } finally {
      await Promise.all([fs.rm(open, { recursive: true }), fs.rm(empty, { recursive: true })]);
    }
  });

  it('a bad ProxyJump list is refused before anything is contacted', async () => {
    const { call } = setup([]);
    for (const proxyJump of ['a b', 'x@y@z', 'host:port', '-oProxyCommand=x', 'a,,b']) {
      expect(await call(INVOKE.serverConnect, { host: '127.0.0.1', proxyJump }), proxyJump).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
  });

  it('removing a saved server clears its keychain entries (and only its own)', async () => {
    const { ok, call, store, settings } = setup([]);
    await settings.update((current) => ({ ...current, sshServers: [{ name: 'prod', host: 'vault.example.org' }, { name: 'lab', host: 'lab.example.org' }] }));
    await store.set('ssh:prod:passphrase:/keys/id', 'a');
    await store.set('ssh:prod:sudo:admin->bitwarden', 'b');
    await store.set('ssh:lab:password:admin@lab.example.org:22', 'c');
    const removed = await ok<{ keychainEntriesCleared: number; choices: Array<{ name: string }> }>(INVOKE.serverRemove, { name: 'prod' });
    expect(removed.keychainEntriesCleared).toBe(2);
    expect(removed.choices.map((choice) => choice.name)).toEqual(['lab']);
    expect(await store.list()).toEqual(['ssh:lab:password:admin@lab.example.org:22']);
    expect(await call(INVOKE.serverRemove, { name: 'prod' })).toMatchObject({ ok: false, error: { code: 'server-unknown' } });
  });

  it('an answer to a question main did not ask is refused', async () => {
    const { call } = setup([]);
    expect(await call(INVOKE.serverAnswerPrompt, { promptId: '00000000-0000-4000-8000-000000000000', secret: 'x' })).toMatchObject({ ok: false, error: { code: 'prompt-gone' } });
    expect(await call(INVOKE.serverAnswerPrompt, { promptId: 'not-an-id', secret: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });
});

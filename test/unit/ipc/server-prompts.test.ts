import { describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import type { HandlerContext } from '../../../main/ipc/handler-table';
import { serverHandlers } from '../../../main/ipc/handlers/server-handlers';
import { fakeAppServices } from '../../support/app-services';
import { INVOKE } from '../../../main/ipc';
import { invokeContract } from '../../../main/ipc/contracts';
import type { ServerSecretPrompt } from '../../../main/ipc/contracts/server-contract';
import { createAppSshPrompts } from '../../../main/ipc/host-session/app-ssh-prompts';
import { SecretPromptBroker, type SecretAnswer } from '../../../main/ipc/host-session/secret-prompt-broker';

const ENDPOINT = { host: 'vault.example.org', port: 22, user: 'admin' };
const parse = (channel: keyof typeof invokeContract, payload: unknown) => invokeContract[channel].request.safeParse(payload).success;

describe('server channel payloads', () => {
  it('serverConnect takes a key file only as a handle, never a path or a secret', () => {
    expect(parse(INVOKE.serverConnect, { host: 'vault', identityFileId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11' })).toBe(true);
    expect(parse(INVOKE.serverConnect, { host: 'vault', identityFile: '/home/me/.ssh/id_ed25519' })).toBe(false);
    expect(parse(INVOKE.serverConnect, { host: 'vault', identityFileId: '/home/me/.ssh/id_ed25519' })).toBe(false);
    expect(parse(INVOKE.serverConnect, { host: 'vault', password: 'x' })).toBe(false);
    expect(parse(INVOKE.serverUseInstall, { folder: '/opt/bitwarden', sudoPassword: 'x' })).toBe(false);
  });

  it.each([
    ['admin@bastion:2200', true],
    ['bastion,admin@inner:22', true],
    ['jump@[::1]:2203', true],
    ['none', true],
    ['a b', false],
    ['-oProxyCommand=nc', false],
    ['x@y@z', false],
    ['host:port', false],
    ['a,,b', false],
    ['a;b', false],
  ])('ProxyJump %j valid: %s', (proxyJump, valid) => {
    expect(parse(INVOKE.serverConnect, { host: 'vault', proxyJump })).toBe(valid);
  });

  it('serverAnswerPrompt: a uuid id, a bounded secret or null; serverRemove: a saved name', () => {
    expect(parse(INVOKE.serverAnswerPrompt, { promptId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11', secret: null })).toBe(true);
    expect(parse(INVOKE.serverAnswerPrompt, { promptId: 'x', secret: 'y' })).toBe(false);
    expect(parse(INVOKE.serverAnswerPrompt, { promptId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11', secret: 'y'.repeat(1025) })).toBe(false);
    expect(parse(INVOKE.serverAnswerPrompt, { promptId: '3b0c5b8e-2f6e-4a39-9d55-0f3f2b1c9a11', secret: '' })).toBe(false);
    expect(parse(INVOKE.serverRemove, { name: 'office-vault' })).toBe(true);
    expect(parse(INVOKE.serverRemove, { name: '../x' })).toBe(false);
  });
});

describe('SecretPromptBroker', () => {
  it('asks through the page and resolves with its answer; an id it did not ask is refused', async () => {
    const broker = new SecretPromptBroker();
    const sent: ServerSecretPrompt[] = [];
    broker.useEmitter((prompt) => sent.push(prompt));
    const answer = broker.ask({ kind: 'password', subject: 'admin@vault', retry: false, canKeep: false });
    expect(sent).toHaveLength(1);
    broker.answer(sent[0]!.promptId, { secret: 's', keep: false });
    await expect(answer).resolves.toEqual({ secret: 's', keep: false });
    expect(() => broker.answer(sent[0]!.promptId, { secret: 's', keep: false })).toThrow(expect.objectContaining({ code: 'prompt-gone' }));
  });

  it('declines when nobody answers in time, when no page listens, and on declineAll', async () => {
    vi.useFakeTimers();
    try {
      const broker = new SecretPromptBroker();
      await expect(broker.ask({ kind: 'sudo', subject: 's', retry: false, canKeep: false })).resolves.toBeNull();
      broker.useEmitter(() => {});
      const late = broker.ask({ kind: 'sudo', subject: 's', retry: false, canKeep: false }, 1000);
      vi.advanceTimersByTime(1000);
      await expect(late).resolves.toBeNull();
      const open = broker.ask({ kind: 'sudo', subject: 's', retry: false, canKeep: false });
      broker.declineAll();
      await expect(open).resolves.toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the app’s SSH prompts', () => {
  const make = (answers: Array<SecretAnswer | null>, store = new MemorySecretStore()) => {
    const asked: string[] = [];
    const prompts = createAppSshPrompts({
      scope: 'prod',
      secrets: { store, persistent: true },
      ask: async (question) => (asked.push(`${question.kind}${question.retry ? ' again' : ''}`), answers.shift() ?? null),
      log: () => {},
    });
    return { prompts, asked, store };
  };

  it('the keychain first, then the page; only the last answer is kept, and only when ticked, once it worked', async () => {
    const store = new MemorySecretStore();
    await store.set('ssh:prod:password:admin@vault.example.org:22', 'stale');
    const { prompts, asked } = make([{ secret: 'wrong', keep: true }, { secret: 'right', keep: true }], store);
    expect(await prompts.password(ENDPOINT)).toBe('stale');
    expect(await prompts.password(ENDPOINT)).toBe('wrong');
    expect(await prompts.password(ENDPOINT)).toBe('right');
    expect(asked).toEqual(['password', 'password again']);
    expect(await store.get('ssh:prod:password:admin@vault.example.org:22')).toBe('stale');
    await prompts.keepTyped();
    expect(await store.get('ssh:prod:password:admin@vault.example.org:22')).toBe('right');
  });

  it('the sudo password is asked once per connection; asked again only when the remembered one failed', async () => {
    const { prompts, asked, store } = make([{ secret: 'sudo-1', keep: false }, { secret: 'sudo-2', keep: false }]);
    expect(await prompts.sudoPassword(ENDPOINT, 'bitwarden')).toBe('sudo-1');
    await prompts.keepTyped(); // it worked
    expect(await prompts.sudoPassword(ENDPOINT, 'bitwarden')).toBe('sudo-1');
    await prompts.keepTyped();
    expect(asked).toEqual(['sudo']);
    // Handed out, and asked for again before any success: it no longer works.
    expect(await prompts.sudoPassword(ENDPOINT, 'bitwarden')).toBe('sudo-1');
    expect(await prompts.sudoPassword(ENDPOINT, 'bitwarden')).toBe('sudo-2');
    expect(asked).toEqual(['sudo', 'sudo again']);
    expect(await store.list()).toEqual([]);
  });
});

describe('serverConnect: a name another server is saved under', () => {
  it('is refused before anything is contacted (its keychain entries would follow the name to the new host)', async () => {
    const settings = new MemorySettingsStore({ sshServers: [{ name: 'office', host: 'vault.example.org', user: 'admin' }] });
    const handlers = serverHandlers(fakeAppServices({ settings }));
    const context: HandlerContext = { emit: () => {}, signal: new AbortController().signal, trackOperation: () => new AbortController().signal, cancelOperation: () => false };
    // Port 1 on loopback: were the name not refused first, this would fail as unreachable instead.
    await expect(handlers[INVOKE.serverConnect]({ host: '127.0.0.1', user: 'admin', port: 1, saveAs: 'office' }, context)).rejects.toMatchObject({ code: 'server-exists', outcome: 'unusable-input' });
    expect((await settings.load()).sshServers).toEqual([{ name: 'office', host: 'vault.example.org', user: 'admin' }]);
  });
});

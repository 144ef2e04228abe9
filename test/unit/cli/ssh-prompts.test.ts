import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHostKeyOnTerminal, createCliSshPrompts } from '../../../main/cli/ssh-prompts';
import type { OpenedSecretStore } from '../../../main/core/secrets';
import { MemorySecretStore, type SecretStore } from '../../../main/core/secrets';

function terminal(isTTY = true) {
  const stdin = Object.assign(new PassThrough(), { isTTY, setRawMode: () => stdin });
  const stderr = new PassThrough();
  let shown = '';
  stderr.on('data', (chunk: Buffer) => (shown += chunk.toString('utf8')));
  return { stdin, stderr, shown: () => shown };
}

/** A keychain stand-in that says it persists (the real one needs a Secret Service). */
function keychain(): { opened: OpenedSecretStore; store: SecretStore } {
  const memory = new MemorySecretStore();
  const store: SecretStore = { persistent: true, get: (a) => memory.get(a), set: (a, s) => memory.set(a, s), delete: (a) => memory.delete(a), list: () => memory.list() };
  return { opened: { store, persistent: true }, store };
}

const endpoint = { host: 'vault.example.com', port: 22, user: 'admin' };

describe('CLI SSH secrets', () => {
  it('takes the env variable first, then the prompt; keeps a typed secret only with --remember-ssh-secret, per server', async () => {
    const t = terminal();
    const k = keychain();
    const log: string[] = [];
    const prompts = createCliSshPrompts({
      context: { env: { PW: 'from-env' }, log: (l) => log.push(l), stdin: t.stdin as never, stderr: t.stderr as never },
      passwordEnv: 'PW',
      scope: 'vault1',
      remember: true,
      openSecrets: async () => k.opened,
    });
    expect(await prompts.password(endpoint)).toBe('from-env');
    // The env value was used once: a second ask (it was wrong) goes to the keychain (empty), then the terminal.
    const asked = prompts.password(endpoint);
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.stdin.write('typed-pw\r');
    expect(await asked).toBe('typed-pw');
    expect(t.shown()).not.toContain('typed-pw');
    expect(await k.store.list()).toEqual([]);
    await prompts.rememberTyped();
    expect(await k.store.list()).toEqual(['ssh:vault1:password:admin@vault.example.com:22']);
    expect(log.join('\n')).not.toContain('typed-pw');

    // Next run: the kept secret is used without asking.
    const next = createCliSshPrompts({ context: { env: {}, log: () => {}, stdin: terminal(false).stdin as never, stderr: t.stderr as never }, scope: 'vault1', remember: false, openSecrets: async () => k.opened });
    expect(await next.password(endpoint)).toBe('typed-pw');
    // Without a terminal and nothing else: declined.
    expect(await next.password(endpoint)).toBeNull();
  });

  it('an unset --sudo-password-env variable is unusable input', async () => {
    const prompts = createCliSshPrompts({ context: { env: {}, log: () => {}, stdin: terminal(false).stdin as never, stderr: new PassThrough() as never }, sudoPasswordEnv: 'NOPE', scope: 's', remember: false, openSecrets: async () => keychain().opened });
    await expect(prompts.sudoPassword(endpoint, 'bitwarden')).rejects.toMatchObject({ code: 'secret-env-missing', outcome: 'unusable-input' });
  });

  it('without --remember-ssh-secret nothing typed reaches the keychain', async () => {
    const t = terminal();
    const k = keychain();
    const prompts = createCliSshPrompts({ context: { env: {}, log: () => {}, stdin: t.stdin as never, stderr: t.stderr as never }, scope: 's', remember: false, openSecrets: async () => k.opened });
    const asked = prompts.passphrase('/home/a/.ssh/id_ed25519');
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.stdin.write('phrase\r');
    expect(await asked).toBe('phrase');
    await prompts.rememberTyped();
    expect(await k.store.list()).toEqual([]);
  });

  it('the host key question shows the SHA256 fingerprint and accepts only yes', async () => {
    const question = { label: 'admin@vault.example.com', keyType: 'ssh-ed25519', fingerprint: 'SHA256:abc', otherKeyTypes: [] };
    for (const [answer, expected] of [['yes\r', true], ['y\r', true], ['no\r', false], ['\r', false]] as const) {
      const t = terminal();
      const asked = askHostKeyOnTerminal({ stdin: t.stdin as never, stderr: t.stderr as never }, question);
      await new Promise((resolve) => setTimeout(resolve, 10));
      t.stdin.write(answer);
      expect(await asked, answer).toBe(expected);
      expect(t.shown()).toContain('ssh-ed25519 key fingerprint is SHA256:abc');
    }
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils, type AnyAuthMethod, type AuthenticationType } from 'ssh2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHandlerFor, type AuthPlan } from '../../../main/core/host/ssh/ssh-auth';

// The middleware's choices, driven the way ssh2 drives it: a first call before the server has said
// which methods it accepts, then one call per failure with the server's list.
let folder: string;
let plainKey: string;
let lockedKey: string;

beforeAll(async () => {
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-auth-order-'));
  plainKey = path.join(folder, 'id_plain');
  lockedKey = path.join(folder, 'id_locked');
  await fs.writeFile(plainKey, utils.generateKeyPairSync('ed25519').private);
  await fs.writeFile(lockedKey, utils.generateKeyPairSync('ed25519', { passphrase: 'open sesame', cipher: 'aes256-ctr', rounds: 2 }).private);
});

afterAll(async () => {
  await fs.rm(folder, { recursive: true, force: true });
});

function planWith(identityFiles: string[], asked: string[], agentSocket?: string): AuthPlan {
  return {
    endpoint: { host: '127.0.0.1', port: 22, user: 'admin' },
    agentSocket,
    identityFiles,
    secrets: { passphrases: new Map() },
    methodsTried: [],
    prompts: {
      passphrase: async (file: string) => {
        asked.push(`passphrase ${path.basename(file)}`);
        return 'open sesame';
      },
      password: async () => {
        asked.push('password');
        return 'pw';
      },
      sudoPassword: async () => null,
    },
  };
}

function driver(plan: AuthPlan) {
  const handler = authHandlerFor(plan);
  return (methodsLeft: AuthenticationType[] | null) =>
    new Promise<AnyAuthMethod | AuthenticationType | false>((resolve) => handler(methodsLeft as AuthenticationType[], false, resolve));
}

describe('SSH login order', () => {
  it('tries an unencrypted key first, without a `none` round trip', async () => {
    const next = driver(planWith([plainKey], []));
    expect(await next(null)).toMatchObject({ type: 'publickey', username: 'admin' });
  });

  it('tries the agent first when there is one', async () => {
    const next = driver(planWith([plainKey], [], '/tmp/agent.sock'));
    expect(await next(null)).toMatchObject({ type: 'agent', agent: '/tmp/agent.sock' });
    expect(await next(['publickey', 'password'])).toMatchObject({ type: 'publickey' });
  });

  it('goes on to the key when the agent failed here before the server was asked (ssh2 asks again with no list)', async () => {
    const plan = planWith([plainKey], [], '/tmp/dead-agent.sock');
    const next = driver(plan);
    expect(await next(null)).toMatchObject({ type: 'agent' });
    expect(await next(null)).toMatchObject({ type: 'publickey' });
    expect(plan.methodsTried).toEqual(['agent', `publickey ${plainKey}`]);
  });

  it('asks the server with `none` when the agent failed here and nothing else can go yet', async () => {
    const asked: string[] = [];
    const next = driver(planWith([lockedKey], asked, '/tmp/dead-agent.sock'));
    expect(await next(null)).toMatchObject({ type: 'agent' });
    expect(await next(null)).toMatchObject({ type: 'none' });
    expect(asked).toEqual([]);
    expect(await next(['publickey'])).toMatchObject({ type: 'publickey' });
    expect(asked).toEqual(['passphrase id_locked']);
  });

  it('asks for a passphrase only after the server said it takes publickey', async () => {
    const asked: string[] = [];
    const next = driver(planWith([lockedKey], asked));
    expect(await next(null)).toMatchObject({ type: 'none' });
    expect(asked).toEqual([]);
    expect(await next(['publickey', 'password'])).toMatchObject({ type: 'publickey' });
    expect(asked).toEqual(['passphrase id_locked']);
  });

  it('never asks for a key passphrase when the server takes only passwords', async () => {
    const asked: string[] = [];
    const next = driver(planWith([lockedKey], asked));
    expect(await next(null)).toMatchObject({ type: 'none' });
    expect(await next(['password'])).toMatchObject({ type: 'password', password: 'pw' });
    expect(asked).toEqual(['password']);
  });

  it('starts with `none` when there is no key, and asks for the password once the server lists it', async () => {
    const asked: string[] = [];
    const next = driver(planWith([], asked));
    expect(await next(null)).toMatchObject({ type: 'none' });
    expect(asked).toEqual([]);
    expect(await next(['keyboard-interactive', 'password'])).toMatchObject({ type: 'keyboard-interactive' });
    expect(await next(['password'])).toMatchObject({ type: 'password' });
    expect(asked).toEqual(['password']);
    expect(await next(['password'])).toBe(false);
  });

  it('goes on to the next method when the key the server was offered first is refused', async () => {
    const asked: string[] = [];
    const plan = planWith([plainKey], asked);
    const next = driver(plan);
    expect(await next(null)).toMatchObject({ type: 'publickey' });
    expect(await next(['password'])).toMatchObject({ type: 'password' });
    expect(plan.methodsTried).toEqual([`publickey ${plainKey}`, 'password']);
  });
});

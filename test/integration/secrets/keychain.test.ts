import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '../../..');
const hasDbusSession = ['/usr/bin/dbus-run-session', '/bin/dbus-run-session'].some(existsSync);
const hasKeyring = ['/usr/bin/gnome-keyring-daemon'].some(existsSync);

let childScript: string;
let home: string;

beforeAll(async () => {
  // Bundled into node_modules/.cache so the child resolves @github/keytar from the repo's node_modules.
  const outDir = path.join(repoRoot, 'node_modules', '.cache', 'sponsorship-setup-tests');
  await mkdir(outDir, { recursive: true });
  childScript = path.join(outDir, `keychain-child-${randomUUID()}.cjs`);
  await build({
    entryPoints: [path.join(__dirname, 'keychain-child.ts')],
    outfile: childScript,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@github/keytar'],
    logLevel: 'silent',
  });
  // A private HOME so the test keyring never touches a real user's keychain.
  home = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-keyring-'));
  await mkdir(path.join(home, 'run'), { mode: 0o700 });
});

afterAll(async () => {
  if (childScript) await rm(childScript, { force: true });
  if (home) await rm(home, { recursive: true, force: true });
});

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DBUS_SESSION_BUS_ADDRESS: _bus, DISPLAY: _display, ...rest } = process.env;
  return { ...rest, HOME: home, XDG_DATA_HOME: path.join(home, 'data'), XDG_RUNTIME_DIR: path.join(home, 'run'), ...extra };
}

async function inKeyringSession(args: string[]): Promise<Record<string, unknown>> {
  const script = `echo -n test-keyring-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null; exec "${process.execPath}" "$@"`;
  const { stdout } = await run('dbus-run-session', ['--', 'sh', '-c', script, 'sh', childScript, ...args], { env: childEnv(), timeout: 20_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe('KeytarSecretStore against a real Secret Service (gnome-keyring under dbus-run-session)', () => {
  it.skipIf(!hasDbusSession || !hasKeyring)('stores, reads, overwrites, lists and deletes (skipped: dbus-run-session or gnome-keyring-daemon missing)', async () => {
    const result = await inKeyringSession(['store', `Sponsorship Setup test ${randomUUID()}`]);
    expect(result).toEqual({
      afterSet: 'first-secret',
      afterOverwrite: 'second-secret',
      list: ['billing-sync:org', 'cloud:user.1'],
      deleted: true,
      afterDelete: null,
      deleteMissing: false,
      listAfter: ['billing-sync:org'],
    });
  });

  it.skipIf(!hasDbusSession || !hasKeyring)('openSecretStore picks the keychain when one answers (skipped: dbus-run-session or gnome-keyring-daemon missing)', async () => {
    expect(await inKeyringSession(['open'])).toEqual({ persistent: true, storePersistent: true });
  });
});

describe('without a keychain', () => {
  it('openSecretStore falls back to memory and says why', async () => {
    const { stdout } = await run(process.execPath, [childScript, 'open'], {
      env: childEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-such-bus')}` }),
      timeout: 20_000,
    });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { persistent: boolean; reason?: string; storePersistent: boolean };
    expect(result.persistent).toBe(false);
    expect(result.storePersistent).toBe(false);
    expect(result.reason).toMatch(/keychain is not available.*in memory only/);
  });

  it('MemorySecretStore keeps, overwrites and forgets', async () => {
    const store = new MemorySecretStore();
    await store.set('self:user.1', 'a');
    await store.set('self:user.1', 'b');
    expect(await store.get('self:user.1')).toBe('b');
    expect(await store.list()).toEqual(['self:user.1']);
    expect(await store.delete('self:user.1')).toBe(true);
    expect(await store.get('self:user.1')).toBeNull();
  });
});

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';
import { noKeychain, runCliInProcess } from '../../support/run-cli';
import { installOwnerIds, LOGIN_USER, loginKeyFolder, sshSkipReason, startSshdFor, type TestKey, type TestSshd } from '../../support/ssh';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const INSTALLATION_ID = '5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f';
const ENV = `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=not-a-real-key\n`;

/**
 * A server saved with `servers add --proxy-jump` is reached through its hop: the server's sshd listens on the
 * loopback of a network namespace, which only the hop's sshd (in the same namespace, on its veth address) can
 * reach. The CLI runs in process with HOME and settings in a temp folder and a memory keychain.
 */
describe.skipIf(skipReason !== null)(`servers add --proxy-jump, used by --server${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let key: TestKey;
  let ns: DropNamespace | { skipReason: string };
  let hop: TestSshd | undefined;
  let server: TestSshd | undefined;
  let install: TempInstall | undefined;
  const env = () => ({ HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), SSH_AUTH_SOCK: '', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' });
  const cli = (args: string[]) => runCliInProcess([...args, '--json'], { secrets: noKeychain() }, { env: env() });

  beforeAll(async () => {
    ({ folder: home, key } = await loginKeyFolder('sst-cli-jump-home-'));
    ns = await createDropNamespace();
    if ('skipReason' in ns) return;
    [hop, server] = await Promise.all([startSshdFor(key, { netns: ns.name, listenAddress: ns.address }), startSshdFor(key, { netns: ns.name, listenAddress: '127.0.0.1' })]);
    install = await createTempInstall({ envContent: ENV, owner: await installOwnerIds() });
  }, 60_000);

  afterAll(async () => {
    await install?.dispose();
    await Promise.all([hop?.stop(), server?.stop()]);
    if (ns && 'cleanup' in ns) await ns.cleanup();
    if (home) await fs.rm(home, { recursive: true, force: true });
  });

  it('status --server reaches the server only through the saved hop, checking the hop key first', async (context) => {
    if ('skipReason' in ns) {
      context.skip(ns.skipReason);
      return;
    }
    const target = `${LOGIN_USER}@127.0.0.1:${server!.port}`;
    const hopTarget = `${LOGIN_USER}@${ns.address}:${hop!.port}`;
    // From here the server's address is this machine's own loopback, where it does not listen.
    const direct = await cli(['status', '--host', target, '--identity', key.file, '--bwdata', install!.root]);
    expect(direct.code, direct.stderr).toBe(1);
    expect(JSON.parse(direct.stdout).error.code).toBe('host-unreachable');

    const add = await cli(['servers', 'add', 'behind-hop', '--host', target, '--proxy-jump', hopTarget, '--identity', key.file, '--bwdata', install!.root]);
    expect(add.code, add.stderr).toBe(0);

    // The hop's key is accepted; the next key offered is the server's, reached through the hop.
    const first = await cli(['status', '--server', 'behind-hop', '--accept-host-key', hop!.hostKeyFingerprint]);
    expect(first.code, first.stderr).toBe(2);
    expect(JSON.parse(first.stdout).error).toMatchObject({ code: 'host-key-unknown', fingerprint: server!.hostKeyFingerprint });

    const status = await cli(['status', '--server', 'behind-hop', '--accept-host-key', server!.hostKeyFingerprint]);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout).installationId).toBe(INSTALLATION_ID);
    expect(hop!.log()).toContain(`Accepted publickey for ${LOGIN_USER}`);
    expect(server!.log()).toContain(`Accepted publickey for ${LOGIN_USER}`);
  }, 90_000);
});

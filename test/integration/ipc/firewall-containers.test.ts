import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { buildHandlerTable, createDispatcher, createTrust, EVENTS, INVOKE, type Trust } from '../../../main/ipc';
import type { FirewallContainerResultEvent, FirewallContainerRun } from '../../../main/ipc/contracts/firewall-contract';
import { fakeAppServices } from '../../support/app-services';
import { ensureTestUsers, LOGIN_USER, makeKey, sshSkipReason, startSshd, type TestSshd } from '../../support/ssh';

const skipReason = sshSkipReason();

/**
 * A fake `docker` first on the SSH session's PATH (there is no Docker daemon here): it records each call,
 * answers for a running bitwarden-api whose proxy is set, whose names resolve and whose HTTPS requests
 * time out (a firewall dropping them), and as a stopped bitwarden-admin.
 */
const FAKE_DOCKER = (callsFile: string) => `#!/bin/sh
printf "%s\\n" "$*" >> ${callsFile}
[ "$1" = exec ] || { echo "fake docker: only exec" >&2; exit 2; }
container=$2; shift 2
if [ "$container" != bitwarden-api ]; then echo "Error response from daemon: container $container is not running" >&2; exit 1; fi
case "$1" in
  sh) echo "HTTPS_PROXY=http://user:s3cret@proxy.internal:3128"; exit 0 ;;
  getent) echo "203.0.113.10    api.bitwarden.com"; exit 0 ;;
  curl) echo "curl: (28) Connection timed out after 5001 milliseconds" >&2; exit 28 ;;
esac
exit 2
`;

/**
 * "Also test from the containers" through the REAL handler table and dispatcher, against a real OpenSSH
 * server on loopback; main's native question is a recorded yes/no answerer.
 */
describe.skipIf(skipReason !== null)(`the container test commands over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let home: string;
  let bin: string;
  let callsFile: string;
  let sshd: TestSshd;
  let trust: Trust;
  const asked: Array<{ message: string; detail: string }> = [];
  const answers: boolean[] = [];

  const setup = () => {
    trust = createTrust();
    const services = fakeAppServices({
      host: createLocalHost(),
      dialogs: {
        pickFolder: async () => null,
        pickFile: async () => null,
        saveFile: async () => null,
        confirm: async ({ message, detail }) => {
          asked.push({ message, detail });
          return answers.shift() ?? false;
        },
      },
      sshEnvironment: { home, env: { HOME: home, SSH_AUTH_SOCK: '' } },
    });
    const dispatcher = createDispatcher(buildHandlerTable(services, trust));
    const events: FirewallContainerResultEvent[] = [];
    const call = (channel: string, payload: unknown) =>
      dispatcher.dispatch(channel, payload, (event, body) => {
        if (event === EVENTS.firewallContainerResult) events.push(body as FirewallContainerResultEvent);
      });
    return { call, events };
  };
  const calls = async () => (await fs.readFile(callsFile, 'utf8')).split('\n').filter(Boolean);

  beforeAll(async () => {
    await ensureTestUsers();
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-containers-home-'));
    await fs.mkdir(path.join(home, '.ssh'), { mode: 0o700 });
    const key = await makeKey(path.join(home, '.ssh'), 'id_ed25519');
    bin = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-fake-docker-'));
    await fs.chmod(bin, 0o755);
    callsFile = path.join(bin, 'calls.log');
    await fs.writeFile(path.join(bin, 'docker'), FAKE_DOCKER(callsFile), { mode: 0o755 });
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] }, sessionPath: `${bin}:/usr/local/bin:/usr/bin:/bin` });
  }, 60_000);

  afterEach(async () => {
    await trust?.hosts.close();
    asked.length = 0;
    answers.length = 0;
    await fs.writeFile(callsFile, '', { mode: 0o666 });
    await fs.chmod(callsFile, 0o666);
  });

  afterAll(async () => {
    await sshd?.stop();
    if (home) await fs.rm(home, { recursive: true, force: true });
    if (bin) await fs.rm(bin, { recursive: true, force: true });
  });

  it('on this computer, or naming a command: refused, nothing asked and nothing run', async () => {
    const { call } = setup();
    const refused = await call(INVOKE.firewallRunInContainers, { operationId: 'local', region: 'us' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'not-on-server', kind: 'unusable-input' } });
    // The page cannot name a program or a container: the request has room for neither.
    const named = await call(INVOKE.firewallRunInContainers, { operationId: 'named', region: 'us', command: 'rm -rf /' });
    expect(named).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(asked).toHaveLength(0);
  });

  it('asks natively with the exact commands; a no runs nothing on the server', async () => {
    await fs.writeFile(callsFile, '', { mode: 0o666 });
    await fs.chmod(callsFile, 0o666);
    const { call, events } = setup();
    answers.push(true); // the host key
    const connected = await call(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    expect(connected.ok, JSON.stringify(connected)).toBe(true);
    answers.push(false);
    const declined = await call(INVOKE.firewallRunInContainers, { operationId: 'declined', region: 'eu' });
    expect(declined).toEqual({ ok: true, value: { operationId: 'declined', confirmed: false, server: `${LOGIN_USER}@127.0.0.1:${sshd.port}`, results: [] } });
    const question = asked[1]!;
    expect(question.message).toBe(`Run 8 test commands with docker exec in bitwarden-api and bitwarden-admin on ${LOGIN_USER}@127.0.0.1:${sshd.port}?`);
    expect(question.detail).toContain('docker exec bitwarden-api curl');
    expect(question.detail).toContain('https://api.bitwarden.eu/alive');
    expect(await calls()).toEqual([]);
    expect(events).toEqual([]);
  });

  it('a yes runs them with docker exec on the server, streams each result and says what each proves (measured from the container)', async () => {
    const { call, events } = setup();
    await call(INVOKE.serverConnect, { host: '127.0.0.1', user: LOGIN_USER, port: sshd.port });
    answers.push(true);
    const result = await call(INVOKE.firewallRunInContainers, { operationId: 'ran', region: 'us' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const run = (result as { value: FirewallContainerRun }).value;
    expect(run).toMatchObject({ operationId: 'ran', confirmed: true });
    const api = run.results.filter((r) => r.container === 'bitwarden-api');
    expect(api.map((r) => [r.title, r.status])).toEqual([
      ['Proxy variables inside bitwarden-api (the daily sync runs here)', 'pass'],
      ['DNS inside bitwarden-api', 'pass'],
      ['api.bitwarden.com from inside bitwarden-api', 'fail'],
      ['identity.bitwarden.com from inside bitwarden-api', 'fail'],
    ]);
    // The proxy's password never reaches the screen.
    expect(api[0]!.finding).toBe('proxy variables: HTTPS_PROXY=http://***@proxy.internal:3128');
    expect(JSON.stringify(run)).not.toContain('s3cret');
    expect(api[2]).toMatchObject({ url: 'https://api.bitwarden.com/alive', measuredFrom: 'container', method: 'exec' });
    expect(api[2]!.finding).toContain('curl exit 28: no answer in time');
    expect(api[2]!.proves).toBe("that the daily billing and license sync can reach api.bitwarden.com over HTTPS from the container's network, DNS, proxy and CA bundle");
    const admin = run.results.filter((r) => r.container === 'bitwarden-admin');
    expect(admin).toHaveLength(4);
    for (const r of admin) expect(r.finding).toContain('bitwarden-admin is not running');
    expect(events.map((e) => e.operationId)).toEqual(Array(8).fill('ran'));
    expect(events.map((e) => e.result.title).sort()).toEqual(run.results.map((r) => r.title).sort());
    const ran = await calls();
    expect(ran).toHaveLength(8);
    expect(ran).toContain("exec bitwarden-api sh -c env | grep -i _proxy");
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess, type CliRun } from '../../support/run-cli';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';

/**
 * Proxy and URL credentials are secrets too: grep every output of the CLI for the password (in-process:
 * every line the CLI writes goes through its io streams; the real-process contract is in cli-basics).
 */
const PASSWORD = 'Zq7-proxy-pass';
const ENV_WITH_PROXY = [
  'globalSettings__baseServiceUri__cloudRegion=US',
  `HTTPS_PROXY=http://corp:${PASSWORD}@proxy.corp.test:3128`,
  `HTTP_PROXY=corp:${PASSWORD}@proxy.corp.test:3128`,
  `ALL_PROXY=socks5://corp:${PASSWORD}@proxy.corp.test:1080`,
  'globalSettings__enableCloudCommunication=false',
  '',
].join('\n');

const temp = tempInstallsPerTest();
let home: string;

function expectNoPassword(run: CliRun): void {
  expect(run.stdout).not.toContain(PASSWORD);
  expect(run.stderr).not.toContain(PASSWORD);
}

describe('no proxy or URL password in any CLI output', () => {
  afterEach(async () => {
    if (home) await fs.rm(home, { recursive: true, force: true });
  });
  const env = async () => {
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-secrets-'));
    return { XDG_CONFIG_HOME: path.join(home, 'config'), XDG_STATE_HOME: path.join(home, 'state'), BW_CLIENTID: '', BW_CLIENTSECRET: '' };
  };

  it('enable-cloud --dry-run and the real edit: the diff context hides the proxy password', async () => {
    const install = await temp({ envContent: ENV_WITH_PROXY });
    for (const args of [['--dry-run'], ['--dry-run', '--json'], [], []]) {
      const run = await runCliInProcess(['enable-cloud', '--bwdata', install.root, ...args], {}, { env: await env() });
      expect(run.code).toBe(0);
      expectNoPassword(run);
    }
    // The file itself keeps the real value: only what is shown is redacted.
    expect(await fs.readFile(install.envFile, 'utf8')).toContain(PASSWORD);
  });

  it('restore-env: the diff hides the proxy password (text and JSON)', async () => {
    const install = await temp({ envContent: ENV_WITH_PROXY });
    expect((await runCliInProcess(['enable-cloud', '--bwdata', install.root], {}, { env: await env() })).code).toBe(0);
    const text = await runCliInProcess(['restore-env', '--bwdata', install.root], {}, { env: await env() });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('***@proxy.corp.test');
    expectNoPassword(text);
    const json = await runCliInProcess(['restore-env', '--bwdata', install.root, '--json'], {}, { env: await env() });
    expect(json.code).toBe(0);
    expectNoPassword(json);
  });

  it('check --write-proxy-env: diff, entries and text hide the password', async () => {
    const install = await temp({ envContent: ENV_WITH_PROXY });
    for (const args of [['--dry-run', '--json'], []]) {
      const run = await runCliInProcess(['check', '--write-proxy-env', '--bwdata', install.root, '--proxy', `http://other:${PASSWORD}@proxy2.corp.test:3128`, ...args], {}, { env: await env() });
      expect(run.code).toBe(0);
      expectNoPassword(run);
    }
  });

  it('status shows no proxy password', async () => {
    const install = await temp({ envContent: ENV_WITH_PROXY });
    for (const json of [true, false]) {
      const run = await runCliInProcess(['status', '--bwdata', install.root, ...(json ? ['--json'] : [])], {}, { env: await env() });
      expectNoPassword(run);
    }
  });

  it.each([
    ['login cloud --api-url with credentials', ['login', 'cloud', '--api-url', `https://admin:${PASSWORD}@api.example.test`, '--identity-url', 'https://identity.example.test']],
    ['login cloud --identity-url not https, with credentials', ['login', 'cloud', '--api-url', 'https://api.example.test', '--identity-url', `http://admin:${PASSWORD}@identity.example.test`]],
    ['login self --vault with credentials', ['login', 'self', '--vault', `https://admin:${PASSWORD}@vault.example.test`]],
    ['check --proxy that is not a proxy URL', ['check', '--proxy', `ftp://u:${PASSWORD}@proxy.corp.test:21`, '--url', 'https://127.0.0.1:9/']],
    ['a usage error quoting the value', ['login', 'cloud', '--region', `https://u:${PASSWORD}@x.test`]],
  ])('%s: the error does not echo the password', async (_name, args) => {
    for (const json of [true, false]) {
      const run = await runCliInProcess([...args, ...(json ? ['--json'] : [])], {}, { env: await env(), input: '' });
      expect(run.code).toBe(2);
      expectNoPassword(run);
    }
  });
});

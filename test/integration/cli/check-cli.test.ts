import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGE_NAMES, VERDICTS } from '../../../main/core/connectivity';
import { closedPort, startHttpsServer, type RunningServer } from '../../support/network/servers';
import { ensureCliBuilt, runCliInProcess, runCliProcess } from '../../support/run-cli';
import { createTempInstall, type TempInstall } from '../../support/temp-install';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';

// Every target is a loopback HTTPS server; the test name is pinned to 127.0.0.1 with --resolve, so
// nothing leaves this machine. The proxy environment is cleared so a CI proxy cannot change the path.
const NAME = 'api.bitwarden.test';
const PIN = `${NAME}:127.0.0.1`;
const NO_PROXY_ENV = { HTTPS_PROXY: '', https_proxy: '', ALL_PROXY: '', all_proxy: '', NO_PROXY: '', no_proxy: '' };
const BUDGET = ['--timeout-ms', '2000'];

let pki: TestPki;
let ca: TestCa;
let server: RunningServer;
let caFile: string;
let refusedPort: number;
const installs: TempInstall[] = [];

// In-process: the check's stages, verdicts and output; the fake-docker case below needs its own PATH, so a real process.
const check = (args: string[]) => runCliInProcess(['check', ...args], {}, { env: NO_PROXY_ENV });

beforeAll(async () => {
  ensureCliBuilt();
  pki = await createTestPki();
  ca = await pki.createCa('Check CLI Test Root', { organization: 'Test Public CA' });
  caFile = ca.certPath;
  const leaf = await pki.createLeaf(ca, { commonName: NAME });
  server = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  refusedPort = await closedPort();
});

afterAll(async () => {
  await server?.close();
  await Promise.all(installs.map((install) => install.dispose()));
  await pki?.dispose();
});

describe('sponsorship-setup check', () => {
  it('a reachable target with --ca and --resolve: exit 0, one JSON document in the documented shape, progress on stderr', async () => {
    const url = `https://${NAME}:${server.port}/alive`;
    const run = await check(['--url', url, '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.targets).toHaveLength(1);
    const [target] = report.targets;
    expect(target).toMatchObject({ url, host: NAME, port: server.port, verdict: 'ok' });
    expect(target.stages.map((s: { name: string }) => s.name)).toEqual([...STAGE_NAMES]);
    for (const stage of target.stages) {
      expect(Object.keys(stage).sort()).toEqual(['detail', 'ms', 'name', 'status']);
      expect(['pass', 'fail', 'warn', 'skipped']).toContain(stage.status);
    }
    const statusOf = (name: string) => target.stages.find((s: { name: string }) => s.name === name)?.status;
    expect(statusOf('tcp')).toBe('pass');
    expect(statusOf('tls')).toBe('pass');
    expect(statusOf('http')).toBe('pass');
    // The pin replaces the lookup: the DNS stage did not run, so it is not a pass.
    expect(statusOf('dns')).toBe('skipped');
    expect(target.stages.find((s: { name: string }) => s.name === 'dns').detail).toContain('--resolve');
    expect(target.remediation).toEqual({ admin: expect.any(String), network: expect.any(String) });
    // Extended, never renamed: the container test commands travel in the same document.
    expect(report.containerTestCommands.commands.some((c: { command: string }) => c.command.startsWith('docker exec bitwarden-api'))).toBe(true);
    // Progress: one "[check] host stage status" line per stage as it finished.
    expect(run.stderr).toMatch(new RegExp(`\\[check\\] ${NAME}:${server.port} tls pass \\d+ ms`));
    expect(run.stderr.split('\n').filter((line) => line.startsWith('[check] ')).length).toBe(STAGE_NAMES.length);
  });

  it('without --ca the test root is untrusted: exit 1, verdict tls-untrusted', async () => {
    const run = await check(['--url', `https://${NAME}:${server.port}/alive`, '--resolve', PIN, '--no-proxy', ...BUDGET, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(false);
    expect(report.targets[0]).toMatchObject({ verdict: 'tls-untrusted', failedStage: 'tls' });
  });

  it('a closed port: exit 1, verdict refused at tcp, later stages skipped, remediation for both audiences', async () => {
    const run = await check(['--url', `https://${NAME}:${refusedPort}/alive`, '--resolve', PIN, '--no-proxy', ...BUDGET, '--json']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const [target] = report.targets;
    expect(VERDICTS).toContain(target.verdict);
    expect(target).toMatchObject({ verdict: 'refused', failedStage: 'tcp' });
    for (const name of ['tls', 'http', 'clock']) {
      expect(target.stages.find((s: { name: string }) => s.name === name).status).toBe('skipped');
    }
    expect(target.remediation.network).toContain(`${NAME}:${refusedPort}`);
  });

  it('text output: the report, each host, and the container test commands with the caveat', async () => {
    const run = await check([
      '--url', `https://${NAME}:${server.port}/alive`, '--url', `https://${NAME}:${refusedPort}/alive`,
      '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${NAME}:${server.port} — ok`);
    expect(run.stdout).toContain(`${NAME}:${refusedPort} — refused`);
    expect(run.stdout).toContain("docker exec bitwarden-api sh -c 'env | grep -i _proxy'");
    expect(run.stdout).toContain('does not prove the containers can reach the cloud');
  });

  it('says where each target was measured from and how, in JSON and in words', async () => {
    const url = `https://${NAME}:${server.port}/alive`;
    const json = await check(['--url', url, '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET, '--json']);
    expect(JSON.parse(json.stdout).targets[0]).toMatchObject({ measuredFrom: 'this-computer', method: 'local' });
    const text = await check(['--url', url, '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET]);
    expect(text.stdout).toContain("Measured from this computer (this computer's own connections)");
  });

  it('--in-containers runs the container commands with docker exec on this machine and reports each (fake docker: containers stopped)', async () => {
    const bin = path.join(pki.folder, 'fake-docker-bin');
    await fs.mkdir(bin, { recursive: true });
    await fs.writeFile(
      path.join(bin, 'docker'),
      '#!/bin/sh\necho "Error response from daemon: container $2 is not running" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const run = await runCliProcess(
      ['check', '--url', `https://${NAME}:${server.port}/alive`, '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET, '--in-containers', '--json'],
      { env: { ...NO_PROXY_ENV, PATH: `${bin}:${process.env.PATH}` }, timeoutMs: 30_000 },
    );
    // The host check passed; the containers did not run: exit 1.
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.ok).toBe(true);
    expect(report.containerResults).toHaveLength(8);
    for (const result of report.containerResults) {
      expect(result).toMatchObject({ measuredFrom: 'container', method: 'exec', status: 'fail', proves: expect.any(String) });
      expect(result.finding).toMatch(/bitwarden-(api|admin) is not running/);
    }
    expect(run.stderr).toMatch(/\[check\] bitwarden-api fail DNS inside bitwarden-api/);
    expect((await check(['--write-proxy-env', '--in-containers', '--bwdata', pki.folder, '--proxy', 'http://127.0.0.1:3128'])).code).toBe(2);
  });

  it('bad arguments exit 2 before anything is contacted', async () => {
    const notPem = path.join(pki.folder, 'not-a-cert.pem');
    await fs.writeFile(notPem, 'hello\n');
    const cases: Array<{ args: string[]; code?: string }> = [
      { args: ['--proxy', 'http://127.0.0.1:3128', '--no-proxy'], code: 'invalid-arguments' },
      { args: ['--url', 'http://api.bitwarden.test/alive'], code: 'invalid-url' },
      { args: ['--url', 'not a url'], code: 'invalid-url' },
      { args: ['--ca', path.join(pki.folder, 'missing.pem')], code: 'invalid-ca' },
      { args: ['--ca', notPem], code: 'invalid-ca' },
      { args: ['--resolve', 'no-address-here'], code: 'invalid-resolve' },
      { args: ['--proxy', 'socks5://127.0.0.1:1080'], code: 'invalid-proxy-url' },
      { args: ['--timeout-ms', 'soon'], code: 'invalid-timeout' },
      { args: ['--region', 'asia'] },
      { args: ['--dry-run'], code: 'invalid-arguments' },
    ];
    for (const { args, code } of cases) {
      const run = await check([...args, '--json']);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).not.toMatch(/\[check\] \S+ (proxy|dns|tcp)/);
      if (code) expect(JSON.parse(run.stdout).error.code, args.join(' ')).toBe(code);
    }
  });

  it('--bwdata takes the region from the install', async () => {
    const install = await createTempInstall({ envContent: 'globalSettings__baseServiceUri__cloudRegion=EU\n' });
    installs.push(install);
    // Custom --url targets keep the run on loopback; the report still names the install's region.
    const run = await check(['--bwdata', install.root, '--region', 'us', '--url', `https://${NAME}:${server.port}/alive`, '--resolve', PIN, '--ca', caFile, '--no-proxy', ...BUDGET, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).region).toBe('eu');
    expect(run.stderr).toContain("--region us ignored: the install's cloud region is EU");
  });
});

describe('sponsorship-setup check --write-proxy-env', () => {
  it('--dry-run prints the diff with the password redacted and writes nothing; then it writes with a backup', async () => {
    const original = 'globalSettings__baseServiceUri__cloudRegion=US\n# keep me\n';
    const install = await createTempInstall({ envContent: original });
    installs.push(install);
    const proxy = 'http://proxyuser:S3cretPass@proxy.corp.test:3128';
    const dry = await check(['--write-proxy-env', '--bwdata', install.root, '--proxy', proxy, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout + dry.stderr).not.toContain('S3cretPass');
    const planned = JSON.parse(dry.stdout);
    expect(planned).toMatchObject({ changed: true, dryRun: true, backup: null });
    expect(planned.diff).toContain('+HTTPS_PROXY=http://***@proxy.corp.test:3128');
    expect(planned.diff).toMatch(/\+NO_PROXY=.*\bidentity\b/);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(original);

    const wrote = await check(['--write-proxy-env', '--bwdata', install.root, '--proxy', proxy]);
    expect(wrote.code, wrote.stderr).toBe(0);
    expect(wrote.stdout + wrote.stderr).not.toContain('S3cretPass');
    expect(wrote.stdout).toContain('sponsorship-setup apply --bwdata');
    const written = await fs.readFile(install.envFile, 'utf8');
    // Uppercase, unquoted, the real value (the containers need the password), everything else kept.
    expect(written).toContain(`HTTPS_PROXY=${proxy}\n`);
    expect(written).toContain(`HTTP_PROXY=${proxy}\n`);
    expect(written).toContain('# keep me');
    const backups = (await fs.readdir(path.dirname(install.envFile))).filter((name) => name.endsWith('.bak'));
    expect(backups).toHaveLength(1);
  });

  it('needs --bwdata and --proxy (exit 2)', async () => {
    expect((await check(['--write-proxy-env', '--proxy', 'http://127.0.0.1:3128'])).code).toBe(2);
    const install = await createTempInstall({ envContent: 'A=b\n' });
    installs.push(install);
    expect((await check(['--write-proxy-env', '--bwdata', install.root])).code).toBe(2);
    expect((await check(['--write-proxy-env', '--bwdata', install.root, '--no-proxy'])).code).toBe(2);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe('A=b\n');
  });
});

import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containerTestCommands, runContainerTestCommands, formatContainerResults } from '../../../main/core/connectivity';
import { createLocalHost, type Host } from '../../../main/core/host';
import { createTestPki, type TestPki } from '../../support/test-pki';
import { startHttpsServer, type RunningServer } from '../../support/network/servers';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';

// There is no Docker daemon here: a fake `docker` runs `docker exec bitwarden-api CMD…` as CMD inside a network
// namespace with its own /etc/hosts (the cloud names point at a test HTTPS server on this machine's side of the
// veth pair), a clean environment and the test CA as its bundle — a container's own network, DNS, proxy
// variables and CA. `bitwarden-admin` answers as a stopped container does. Nothing leaves the machine.
let ns: DropNamespace | undefined;
let skipReason = '';
let pki: TestPki;
let server: RunningServer;
let host: Host;

beforeAll(async () => {
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    skipReason = made.skipReason;
    return;
  }
  ns = made;
  pki = await createTestPki();
  const root = await pki.createCa('Container Test Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(root, { commonName: 'api.bitwarden.com', dnsNames: ['api.bitwarden.com', 'identity.bitwarden.com'] });
  const caFile = path.join(pki.folder, 'container-ca.pem');
  await writeFile(caFile, root.certPem);
  server = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, host: ns.hostAddress, port: 443 });
  await ns.etcFile('hosts', `127.0.0.1 localhost\n${ns.hostAddress} api.bitwarden.com identity.bitwarden.com\n`);
  const docker = path.join(pki.folder, 'docker');
  await writeFile(
    docker,
    [
      '#!/bin/bash',
      '[ "$1" = exec ] || { echo "fake docker: only exec" >&2; exit 2; }',
      'container=$2; shift 2',
      'if [ "$container" != bitwarden-api ]; then echo "Error response from daemon: container $container is not running" >&2; exit 1; fi',
      `exec ip netns exec ${ns.name} env -i PATH="$PATH" CURL_CA_BUNDLE=${caFile} "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(docker, 0o755);
  const local = createLocalHost();
  host = { ...local, run: (request) => local.run(request.command === 'docker' ? { ...request, command: docker } : request) };
}, 30_000);

afterAll(async () => {
  await server?.close();
  await ns?.cleanup();
  await pki?.dispose();
});

describe('runContainerTestCommands', () => {
  it('refuses to run anything without the confirmation', async () => {
    await expect(runContainerTestCommands(createLocalHost(), containerTestCommands('us'), { confirmed: false })).rejects.toMatchObject({
      code: 'confirmation-required',
    });
  });

  it('runs the container commands with docker exec and says what each result proves', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const results = await runContainerTestCommands(host, containerTestCommands('us'), { confirmed: true, timeoutMs: 10_000 });
    const api = results.filter((r) => r.container === 'bitwarden-api');
    expect(api.map((r) => [r.title, r.status])).toEqual([
      ['Proxy variables inside bitwarden-api (the daily sync runs here)', 'pass'],
      ['DNS inside bitwarden-api', 'pass'],
      ['api.bitwarden.com from inside bitwarden-api', 'pass'],
      ['identity.bitwarden.com from inside bitwarden-api', 'pass'],
    ]);
    expect(api[0]!.finding).toBe('no proxy variables: the container connects directly');
    expect(api[1]!.finding).toContain(ns.hostAddress);
    expect(api[2]!.finding).toMatch(/^HTTP 200 in \d+\.\d+s/);
    for (const r of results) expect(r).toMatchObject({ measuredFrom: 'container', method: 'exec', proves: expect.stringMatching(/sync/) });
    const admin = results.filter((r) => r.container === 'bitwarden-admin');
    expect(admin).toHaveLength(4);
    for (const r of admin) expect(r).toMatchObject({ status: 'fail', finding: expect.stringContaining('bitwarden-admin is not running') });
    const text = formatContainerResults(results);
    expect(text).toContain('[PASS] api.bitwarden.com from inside bitwarden-api: HTTP 200');
    expect(text).toContain('Proves that the daily billing and license sync can reach api.bitwarden.com over HTTPS');
  });

  it('says docker is missing when the host has none', async () => {
    const local = createLocalHost();
    const noDocker: Host = { ...local, run: (request) => local.run({ ...request, command: 'docker-is-not-installed-here' }) };
    const results = await runContainerTestCommands(noDocker, containerTestCommands('us'), { confirmed: true });
    expect(results.length).toBe(8);
    for (const r of results) expect(r).toMatchObject({ status: 'not-run', finding: expect.stringContaining('docker could not run on this computer') });
  });
});

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runConnectivityCheck } from '../../main/core/connectivity';
import { createTestPki, type TestPki } from '../support/test-pki';
import { blockPageHandler, closedPort, startHttpsServer, startSilentServer, type RunningServer } from '../support/network/servers';
import { createDropNamespace, type DropNamespace } from '../support/network/netns';

// Our check (targets in parallel, every stage budgeted) against `curl --connect-timeout` one target after another
// at the same budget, on the same local targets — one of them silently dropping inside a network namespace.
const run = promisify(execFile);
const BUDGET_MS = 1000;
const NAME = 'api.bitwarden.test';

let pki: TestPki;
let caPath: string;
let caPem: string;
const servers: RunningServer[] = [];
let ns: DropNamespace | undefined;
const targets: Array<{ url: string; address: string; port: number; label: string }> = [];

beforeAll(async () => {
  pki = await createTestPki();
  const ca = await pki.createCa('Bench Root', { organization: 'Bench CA' });
  caPem = ca.certPem;
  caPath = path.join(pki.folder, 'bench-root.pem');
  await writeFile(caPath, ca.certPem);
  const leaf = await pki.createLeaf(ca, { commonName: NAME });
  const expired = await pki.createLeaf(ca, { commonName: NAME, notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
  const ok = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  const block = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem, handler: blockPageHandler });
  const old = await startHttpsServer({ certPem: expired.chainPem, keyPem: expired.keyPem });
  const silent = await startSilentServer();
  servers.push(ok, block, old, silent);
  const add = (label: string, address: string, port: number) => targets.push({ label, address, port, url: `https://${NAME}:${port}/alive` });
  add('ok', '127.0.0.1', ok.port);
  add('block page', '127.0.0.1', block.port);
  add('expired', '127.0.0.1', old.port);
  add('tls stall', '127.0.0.1', silent.port);
  add('refused', '127.0.0.1', await closedPort());
  const made = await createDropNamespace();
  if ('skipReason' in made) console.log(`[connectivity-bench] no dropping target: ${made.skipReason}`);
  else {
    ns = made;
    add('dropped (netns)', ns.address, ns.droppedPort);
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await ns?.cleanup();
  await pki?.dispose();
});

it('compares the parallel check with sequential curl at the same budget', async () => {
  // Each target gets its own pinned address: one run per distinct address keeps `resolve` unambiguous.
  const byAddress = new Map<string, string[]>();
  for (const t of targets) byAddress.set(t.address, [...(byAddress.get(t.address) ?? []), t.url]);
  const ourStart = performance.now();
  const reports = await Promise.all(
    [...byAddress].map(([address, urls]) =>
      runConnectivityCheck({ urls, resolve: [`${NAME}:${address}`], ca: caPem, proxy: 'none', timeoutMs: BUDGET_MS }, { env: {} }),
    ),
  );
  const ourMs = performance.now() - ourStart;
  const verdicts = reports.flatMap((r) => r.targets.map((t) => `${t.port} ${t.verdict}`));

  const curlStart = performance.now();
  const curlResults: string[] = [];
  for (const t of targets) {
    const seconds = String(BUDGET_MS / 1000);
    const args = [
      '-sS', '--connect-timeout', seconds, '-m', String((BUDGET_MS * 3) / 1000), '--cacert', caPath,
      '--resolve', `${NAME}:${t.port}:${t.address}`, '--noproxy', '*', '-o', '/dev/null', '-w', '%{http_code}', t.url,
    ];
    const outcome = await run('curl', args, { timeout: 15_000 }).then(
      (r) => r.stdout,
      (e: { code?: number; stdout?: string }) => `exit ${e.code} ${e.stdout ?? ''}`.trim(),
    );
    curlResults.push(`${t.label}: ${outcome}`);
  }
  const curlMs = performance.now() - curlStart;

  console.log(`[connectivity-bench] ${targets.length} targets, budget ${BUDGET_MS} ms per stage`);
  console.log(`[connectivity-bench] our check (parallel): ${Math.round(ourMs)} ms — ${verdicts.join('; ')}`);
  console.log(`[connectivity-bench] curl one after another: ${Math.round(curlMs)} ms — ${curlResults.join('; ')}`);
  console.log(`[connectivity-bench] ratio curl/ours: ${(curlMs / ourMs).toFixed(2)}x`);
  expect(reports.flatMap((r) => r.targets)).toHaveLength(targets.length);
  expect(curlResults).toHaveLength(targets.length);
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost, lockFolderFor } from '../../../main/core/host';
import { enableCloud, restoreEnvBackup, updateEnvValues } from '../../../main/core/install';
import { CoreError } from '../../../main/core/shared';
import { ensureCliBuilt, runCliProcess } from '../../support/run-cli';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';

const host = createLocalHost();
const temp = tempInstallsPerTest();
const START = 'globalSettings__baseServiceUri__cloudRegion=US\nglobalSettings__enableCloudCommunication=false\n';
const CLOUD_ON = 'globalSettings__enableCloudCommunication=true';
const PROXY = 'http://proxy.corp.test:3128';
const PROXY_LINE = `HTTPS_PROXY=${PROXY}`;

interface PairOutcome {
  cloudOk: boolean;
  proxyOk: boolean;
  text: string;
}

/** Lost: an editor reported success (exit 0 / resolved) while its change is not in the file. */
function lostEdits(outcome: PairOutcome): number {
  let lost = 0;
  if (outcome.cloudOk && !outcome.text.includes(CLOUD_ON)) lost++;
  if (outcome.proxyOk && !outcome.text.includes(PROXY_LINE)) lost++;
  return lost;
}

describe('concurrent env edits (enable-cloud, check --write-proxy-env, restore-env)', () => {
  beforeAll(() => ensureCliBuilt());

  it('loses no edit in 200 in-process racing pairs of enableCloud and updateEnvValues', async () => {
    const install = await temp({ envContent: START });
    let lost = 0;
    let bothSucceeded = 0;
    for (let pair = 0; pair < 200; pair++) {
      await fs.writeFile(install.envFile, START);
      const [cloud, proxy] = await Promise.allSettled([
        enableCloud(host, install.root),
        updateEnvValues(host, install.root, { HTTPS_PROXY: PROXY, HTTP_PROXY: PROXY }),
      ]);
      const outcome = { cloudOk: cloud.status === 'fulfilled', proxyOk: proxy.status === 'fulfilled', text: await fs.readFile(install.envFile, 'utf8') };
      lost += lostEdits(outcome);
      if (outcome.cloudOk && outcome.proxyOk) bothSucceeded++;
    }
    console.log(`[race] in-process: ${lost} lost edits out of 200 pairs; both succeeded in ${bothSucceeded}`);
    expect(lost).toBe(0);
    // The lock serialises the editors: the second waits, then edits what the first wrote.
    expect(bothSucceeded).toBe(200);
  });

  it('loses no edit when restore-env races a proxy edit (20 pairs)', async () => {
    const install = await temp({ envContent: START });
    const first = await enableCloud(host, install.root); // its backup holds START
    let lost = 0;
    for (let pair = 0; pair < 20; pair++) {
      const proxyLine = `HTTPS_PROXY=${PROXY}/${pair}`;
      const [restore, proxy] = await Promise.allSettled([
        restoreEnvBackup(host, install.root, first.backup!),
        updateEnvValues(host, install.root, { HTTPS_PROXY: `${PROXY}/${pair}` }),
      ]);
      const text = await fs.readFile(install.envFile, 'utf8');
      // Serialised, either order is fine: proxy then restore (the proxy edit is in the backup the
      // restore made of what it replaced), or restore then proxy (both in the file).
      const restoreThenProxy = text.includes(proxyLine) && text.includes('enableCloudCommunication=false');
      const proxyThenRestore =
        text === START && restore.status === 'fulfilled' && restore.value.backup !== null && (await fs.readFile(restore.value.backup, 'utf8')).includes(proxyLine);
      if (restore.status === 'fulfilled' && proxy.status === 'fulfilled' && !restoreThenProxy && !proxyThenRestore) lost++;
      if (restore.status === 'rejected' || proxy.status === 'rejected') lost++;
    }
    expect(lost).toBe(0);
  });

  it('loses no edit in 20 racing pairs of real CLI processes (enable-cloud vs check --write-proxy-env)', async () => {
    const install = await temp({ envContent: START });
    let lost = 0;
    for (let pair = 0; pair < 20; pair++) {
      await fs.writeFile(install.envFile, START);
      const [cloud, proxy] = await Promise.all([
        runCliProcess(['enable-cloud', '--bwdata', install.root, '--json']),
        runCliProcess(['check', '--write-proxy-env', '--bwdata', install.root, '--proxy', PROXY, '--json']),
      ]);
      const outcome = { cloudOk: cloud.code === 0, proxyOk: proxy.code === 0, text: await fs.readFile(install.envFile, 'utf8') };
      lost += lostEdits(outcome);
      // Anything but success must be a reported `busy` or `changed-during-edit`, never a silent exit 0.
      for (const run of [cloud, proxy]) if (run.code !== 0) expect(run.stdout).toMatch(/"code": "(busy|changed-during-edit)"/);
    }
    console.log(`[race] processes: ${lost} lost edits out of 20 pairs`);
    expect(lost).toBe(0);
  }, 180_000);

  it('takes over a lock left by a process that is gone', async () => {
    const install = await temp({ envContent: START });
    const folder = lockFolderFor(install.envFile);
    await fs.mkdir(folder);
    // A pid that is surely not running: above the kernel's pid_max default range.
    const holder = { pid: 4_194_000, hostname: os.hostname(), user: 'ghost', command: 'sponsorship-setup', since: new Date().toISOString() };
    await fs.writeFile(path.join(folder, 'owner.json'), JSON.stringify(holder));
    const result = await enableCloud(host, install.root, { lockWaitMs: 2_000 });
    expect(result.changed).toBe(true);
    expect(await fs.readFile(install.envFile, 'utf8')).toContain(CLOUD_ON);
    await expect(fs.stat(folder)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock older than the stale age even when its holder looks alive', async () => {
    const install = await temp({ envContent: START });
    const folder = lockFolderFor(install.envFile);
    await fs.mkdir(folder);
    const anHourAgo = new Date(Date.now() - 3_600_000);
    const holder = { pid: process.pid, hostname: os.hostname(), user: 'me', command: 'sponsorship-setup', since: anHourAgo.toISOString() };
    await fs.writeFile(path.join(folder, 'owner.json'), JSON.stringify(holder));
    // A lock's age is its folder's (the clock of the machine that holds the install, kept fresh by a long holder).
    await fs.utimes(folder, anHourAgo, anHourAgo);
    const result = await enableCloud(host, install.root, { lockWaitMs: 2_000 });
    expect(result.changed).toBe(true);
  });

  it('reports busy, naming the holder, and changes nothing while the lock stays taken', async () => {
    const install = await temp({ envContent: START });
    const lock = await host.lock(install.envFile);
    try {
      const error = await enableCloud(host, install.root, { lockWaitMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CoreError);
      expect(error).toMatchObject({ code: 'busy', outcome: 'problem' });
      expect((error as CoreError).message).toContain(`pid ${process.pid}`);
      expect(await fs.readFile(install.envFile, 'utf8')).toBe(START);
    } finally {
      await lock.release();
    }
  });

  it('the CLI waits up to 10 s for the lock, then exits 1 with busy naming the holder', async () => {
    const install = await temp({ envContent: START });
    const lock = await host.lock(install.envFile);
    try {
      const run = await runCliProcess(['enable-cloud', '--bwdata', install.root, '--json']);
      expect(run.code).toBe(1);
      const document = JSON.parse(run.stdout) as { ok: boolean; changed: boolean; error: { code: string; message: string } };
      expect(document).toMatchObject({ ok: false, changed: false, error: { code: 'busy' } });
      expect(document.error.message).toContain(`pid ${process.pid}`);
      expect(await fs.readFile(install.envFile, 'utf8')).toBe(START);
    } finally {
      await lock.release();
    }
  }, 30_000);
});

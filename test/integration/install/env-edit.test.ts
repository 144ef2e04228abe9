import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostError, createLocalHost, type Host } from '../../../main/core/host';
import { enableCloud, listEnvBackups, planEnableCloud, restoreEnvBackup, updateEnvValues } from '../../../main/core/install';
import { CoreError } from '../../../main/core/shared';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';

const host = createLocalHost();
const isRoot = process.getuid?.() === 0;
const US_ENV = '# my notes\r\nglobalSettings__baseServiceUri__cloudRegion=US\r\nglobalSettings__installation__key=secretKey1\r\n\r\nglobalSettings__enableCloudCommunication = false';
const EU_ENV = 'globalSettings__baseServiceUri__cloudRegion=EU\nglobalSettings__installation__id=abc\n# globalSettings__enableCloudCommunication=false\n';

const temp = tempInstallsPerTest();
const read = (file: string) => fs.readFile(file, 'utf8');

async function caught(promise: Promise<unknown>): Promise<CoreError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return error;
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('enableCloud', () => {
  it('sets the key in place, keeps everything else, backs up with mode 600, and is idempotent', async () => {
    const install = await temp({ envContent: US_ENV });
    const plan = await planEnableCloud(host, install.root);
    expect(plan).toMatchObject({ changed: true, file: install.envFile, blockedByRegionMismatch: false });
    expect(await read(install.envFile)).toBe(US_ENV); // planning writes nothing
    expect(plan.diff).toContain('-globalSettings__enableCloudCommunication = false');
    expect(plan.diff).toContain('+globalSettings__enableCloudCommunication=true');
    expect(plan.diff).not.toContain('secretKey1');

    const first = await enableCloud(host, install.root);
    expect(first).toMatchObject({ changed: true, dryRun: false, file: install.envFile });
    expect(await read(install.envFile)).toBe(US_ENV.replace('globalSettings__enableCloudCommunication = false', 'globalSettings__enableCloudCommunication=true'));
    expect(first.backup).not.toBeNull();
    expect(path.dirname(first.backup!)).toBe(path.dirname(install.envFile));
    expect(await read(first.backup!)).toBe(US_ENV);
    expect((await fs.stat(first.backup!)).mode & 0o777).toBe(0o600);
    expect((await fs.stat(install.envFile)).mode & 0o777).toBe(0o600);
    expect(first.problems).toEqual([]);

    const second = await enableCloud(host, install.root);
    expect(second).toMatchObject({ changed: false, backup: null, diff: '' });
    expect(await listEnvBackups(host, install.root)).toHaveLength(1);
  });

  it('adds the EU URIs and push relay when absent, leaving the commented line alone', async () => {
    const install = await temp({ envContent: EU_ENV });
    const result = await enableCloud(host, install.bwdata);
    expect(await read(install.envFile)).toBe(
      `${EU_ENV}globalSettings__enableCloudCommunication=true\nglobalSettings__installation__identityUri=https://identity.bitwarden.eu\nglobalSettings__installation__apiUri=https://api.bitwarden.eu\nglobalSettings__pushRelayBaseUri=https://push.bitwarden.eu\n`,
    );
    expect(result.changed).toBe(true);
    expect((await enableCloud(host, install.root)).changed).toBe(false);
  });

  it('stops with region-mismatch and changes nothing, unless fixRegion', async () => {
    const env = `${EU_ENV}globalSettings__installation__apiUri=https://api.bitwarden.com\n`;
    const install = await temp({ envContent: env });
    const error = await caught(enableCloud(host, install.root));
    expect(error).toMatchObject({ code: 'region-mismatch', outcome: 'problem' });
    expect(await read(install.envFile)).toBe(env);
    expect(await listEnvBackups(host, install.root)).toEqual([]);
    const plan = await planEnableCloud(host, install.root);
    expect(plan).toMatchObject({ changed: false, blockedByRegionMismatch: true, problems: [{ code: 'region-mismatch' }] });

    const fixed = await enableCloud(host, install.root, { fixRegion: true });
    expect(fixed.changed).toBe(true);
    const text = await read(install.envFile);
    expect(text).toContain('globalSettings__installation__apiUri=https://api.bitwarden.eu\n');
    expect(text).not.toContain('bitwarden.com');
  });

  it('dryRun returns the diff and writes nothing', async () => {
    const install = await temp({ envContent: US_ENV });
    const result = await enableCloud(host, install.root, { dryRun: true });
    expect(result).toMatchObject({ changed: true, dryRun: true, backup: null });
    expect(result.diff).toContain('+globalSettings__enableCloudCommunication=true');
    expect(await read(install.envFile)).toBe(US_ENV);
  });

  it('writes through a symlinked env file to its target', async () => {
    const install = await temp({});
    const target = path.join(install.root, 'elsewhere.env');
    await fs.writeFile(target, 'A=1\n', { mode: 0o600 });
    await fs.symlink(target, install.envFile);
    await enableCloud(host, install.root);
    expect((await fs.lstat(install.envFile)).isSymbolicLink()).toBe(true);
    expect(await read(target)).toBe('A=1\nglobalSettings__enableCloudCommunication=true\n');
  });

  it.skipIf(!isRoot)('keeps owner and mode of the env file and its backup (needs root to chown)', async () => {
    const install = await temp({ envContent: 'A=1\n', owner: { uid: 65534, gid: 65534 } });
    const result = await enableCloud(host, install.root);
    for (const file of [install.envFile, result.backup!]) {
      const stat = await fs.stat(file);
      expect([stat.uid, stat.gid, stat.mode & 0o777]).toEqual([65534, 65534, 0o600]);
    }
  });

  it('aborts with changed-during-edit when the file changes between read and write, writing nothing', async () => {
    const install = await temp({ envContent: US_ENV });
    const someoneElse = 'globalSettings__enableCloudCommunication=false\n# edited by hand meanwhile\n';
    const racingHost: Host = {
      ...host,
      writeFileIfUnchanged: async (file, expected, content) => {
        await fs.writeFile(install.envFile, someoneElse);
        return host.writeFileIfUnchanged(file, expected, content);
      },
    };
    const error = await caught(enableCloud(racingHost, install.root));
    expect(error).toMatchObject({ code: 'changed-during-edit', outcome: 'problem' });
    expect(await read(install.envFile)).toBe(someoneElse);
    const leftovers = (await fs.readdir(path.dirname(install.envFile))).filter((name) => name.endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('a failed write leaves the original intact', async () => {
    const install = await temp({ envContent: US_ENV });
    const failingHost: Host = {
      ...host,
      writeFileIfUnchanged: async () => {
        throw new HostError('io', install.envFile, 'disk full');
      },
    };
    const error = await caught(enableCloud(failingHost, install.root));
    expect(error.outcome).toBe('problem');
    expect(await read(install.envFile)).toBe(US_ENV);
  });
});

describe('enableCloud with addAdmin', () => {
  it('adds the e-mail to an absent or empty adminSettings__admins in the same write, losslessly; leaves a list alone', async () => {
    const absent = await temp({ envContent: US_ENV });
    const plan = await planEnableCloud(host, absent.root, { addAdmin: ' admin@example.com ' });
    expect(plan.admins).toMatchObject({ email: 'admin@example.com', added: true });
    expect(plan.diff).toContain('+adminSettings__admins=admin@example.com');
    const written = await enableCloud(host, absent.root, { addAdmin: 'admin@example.com' });
    expect(written.admins?.added).toBe(true);
    expect(await read(absent.envFile)).toBe(
      `${US_ENV.replace('globalSettings__enableCloudCommunication = false', 'globalSettings__enableCloudCommunication=true')}\r\nadminSettings__admins=admin@example.com\r\n`,
    );
    expect(await listEnvBackups(host, absent.root)).toHaveLength(1);

    // Cloud communication already on, admins empty: the admin alone is still one edit.
    const onButEmpty = await temp({ envContent: 'globalSettings__enableCloudCommunication=true\nadminSettings__admins=  \n# end\n' });
    const second = await enableCloud(host, onButEmpty.root, { addAdmin: 'admin@example.com' });
    expect(second.changed).toBe(true);
    expect(await read(onButEmpty.envFile)).toBe('globalSettings__enableCloudCommunication=true\nadminSettings__admins=admin@example.com\n# end\n');

    const listed = await temp({ envContent: 'adminSettings__admins=Boss@Example.com, other@example.com\n' });
    const kept = await enableCloud(host, listed.root, { addAdmin: 'boss@example.com' });
    expect(kept.admins).toMatchObject({ added: false, admins: ['Boss@Example.com', 'other@example.com'] });
    expect(kept.admins?.note).toMatch(/already lists boss@example.com; left unchanged/);
    expect(await read(listed.envFile)).toBe('adminSettings__admins=Boss@Example.com, other@example.com\nglobalSettings__enableCloudCommunication=true\n');
  });

  it.each(['', 'admin', 'a@b', 'a,b@example.com', 'two words@example.com', 'x@example.com\nINJECTED=1', '"q"@example.com'])('refuses %j before reading anything (invalid-email, unusable input)', async (email) => {
    const install = await temp({ envContent: US_ENV });
    const error = await caught(enableCloud(host, install.root, { addAdmin: email }));
    expect(error).toMatchObject({ code: 'invalid-email', outcome: 'unusable-input' });
    expect(await read(install.envFile)).toBe(US_ENV);
    expect(await listEnvBackups(host, install.root)).toHaveLength(0);
  });
});

describe('updateEnvValues', () => {
  it('writes proxy settings with backup and diff, then reports nothing to do', async () => {
    const install = await temp({ envContent: 'A=1\nHTTPS_PROXY=http://old:3128\n' });
    const entries = { HTTPS_PROXY: 'http://proxy.lan:3128', HTTP_PROXY: 'http://proxy.lan:3128', NO_PROXY: 'localhost,identity,api' };
    const result = await updateEnvValues(host, install.root, entries);
    expect(result.changed).toBe(true);
    expect(result.backup).not.toBeNull();
    expect(await read(install.envFile)).toBe(
      'A=1\nHTTPS_PROXY=http://proxy.lan:3128\nHTTP_PROXY=http://proxy.lan:3128\nNO_PROXY=localhost,identity,api\n',
    );
    expect((await updateEnvValues(host, install.root, entries)).changed).toBe(false);
  });

  it('refuses a value with a line break (invalid-value)', async () => {
    const install = await temp({ envContent: 'A=1\n' });
    expect(await caught(updateEnvValues(host, install.root, { A: '1\nB=2' }))).toMatchObject({ code: 'invalid-value', outcome: 'unusable-input' });
    expect(await read(install.envFile)).toBe('A=1\n');
  });
});

describe('backups', () => {
  it('restores the newest backup, backing up the current file first', async () => {
    const install = await temp({ envContent: US_ENV });
    let tick = Date.UTC(2026, 10, 25, 10, 0, 0);
    const now = () => new Date((tick += 1000));
    await enableCloud(host, install.root, { now });
    await updateEnvValues(host, install.root, { B: '2' }, { now });
    const afterEdits = await read(install.envFile);

    const backups = await listEnvBackups(host, install.root);
    expect(backups.map((b) => b.createdAt)).toEqual(['2026-11-25T10:00:02.000Z', '2026-11-25T10:00:01.000Z']);

    const restored = await restoreEnvBackup(host, install.root, undefined, { now });
    expect(restored.restoredFrom).toBe(backups[0]!.path);
    expect(restored.changed).toBe(true);
    expect(await read(install.envFile)).not.toContain('B=2');
    expect(await read(restored.backup!)).toBe(afterEdits);

    await restoreEnvBackup(host, install.root, backups[1]!.path, { now });
    expect(await read(install.envFile)).toBe(US_ENV);
    expect((await fs.stat(install.envFile)).mode & 0o777).toBe(0o600);
  });

  it('two backups in the same millisecond get distinct names', async () => {
    const install = await temp({ envContent: 'A=1\n' });
    const now = () => new Date(Date.UTC(2026, 0, 1));
    const first = await updateEnvValues(host, install.root, { A: '2' }, { now });
    const second = await updateEnvValues(host, install.root, { A: '3' }, { now });
    expect(first.backup).not.toBe(second.backup);
    expect((await listEnvBackups(host, install.root))[0]!.path).toBe(second.backup);
  });

  it('no-backup when there is nothing to restore or the path is not a backup', async () => {
    const install = await temp({ envContent: 'A=1\n' });
    expect(await caught(restoreEnvBackup(host, install.root))).toMatchObject({ code: 'no-backup', outcome: 'unusable-input' });
    expect(await caught(restoreEnvBackup(host, install.root, '/etc/passwd'))).toMatchObject({ code: 'no-backup' });
  });
});

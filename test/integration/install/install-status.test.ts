import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { formatInstallStatusText, readInstallStatus } from '../../../main/core/install';
import { CoreError } from '../../../main/core/shared';
import { tempInstallsPerTest } from '../../support/temp-installs-per-test';
import { cannotSwitchUserReason, readStatusAsNobody } from './run-as-nobody';

const host = createLocalHost();
const KEY_SECRET = 'kEyS3cretValue';
const EU_ENV = [
  '# written by setup',
  'globalSettings__baseServiceUri__vault=https://vault.example.eu',
  'globalSettings__baseServiceUri__cloudRegion=EU',
  'globalSettings__installation__id=0b7c8f1e-1111-2222-3333-444455556666',
  `globalSettings__installation__key=${KEY_SECRET}`,
  'globalSettings__installation__identityUri=https://identity.bitwarden.com',
  'adminSettings__admins=a@example.eu, b@example.eu,,',
  'globalSettings__enableCloudCommunication=false',
  'globalSettings__enableCloudCommunication=FALSE',
  '',
].join('\n');

const temp = tempInstallsPerTest();

async function codeOf(promise: Promise<unknown>): Promise<{ code: string; outcome: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, outcome: error.outcome, message: error.message, details: error.details };
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('readInstallStatus on real folders', () => {
  it('reads an EU install with findings, never returning the installation key', async () => {
    const install = await temp({ envContent: EU_ENV, licenses: { '9c1b.json': '{}' } });
    const status = await readInstallStatus(host, install.root);
    expect(status).toMatchObject({
      installRoot: install.root,
      bwdataPath: install.bwdata,
      envFilePath: install.envFile,
      scriptPath: install.scriptPath,
      installationId: '0b7c8f1e-1111-2222-3333-444455556666',
      installationKeyPresent: true,
      cloudRegion: 'EU',
      vaultUrl: 'https://vault.example.eu',
      cloudCommunication: false,
      cloudCommunicationRaw: 'FALSE',
      installationIdentityUri: 'https://identity.bitwarden.com',
      installationApiUri: null,
      pushRelayUri: null,
      adminEmails: ['a@example.eu', 'b@example.eu'],
      licenseFiles: ['9c1b.json'],
      envFileOwner: { uid: process.getuid?.(), mode: 0o600 },
    });
    expect(status.problems.map((p) => p.code)).toEqual(['duplicate-key', 'region-mismatch', 'cloud-communication-off']);
    expect(status.problems[0]!.message).toContain('lines 8, 9');
    expect(JSON.stringify(status)).not.toContain(KEY_SECRET);
    expect(formatInstallStatusText(status)).not.toContain(KEY_SECRET);
  });

  it('accepts bwdata itself and reports no findings for a good US install', async () => {
    const install = await temp({ envContent: 'globalSettings__baseServiceUri__cloudRegion=US\r\nglobalSettings__enableCloudCommunication=true' });
    const status = await readInstallStatus(host, install.bwdata);
    expect(status.installRoot).toBe(install.root);
    expect(status.cloudCommunication).toBe(true);
    expect(status.licenseFiles).toEqual([]);
    expect(status.problems).toEqual([]);
  });

  it('not-found for a missing folder', async () => {
    const install = await temp({ envContent: '' });
    expect(await codeOf(readInstallStatus(host, path.join(install.root, 'nope')))).toMatchObject({ code: 'not-found', outcome: 'unusable-input' });
  });

  it('not-an-install for a folder without bwdata, a bwdata without env file, or a file', async () => {
    const install = await temp({});
    expect((await codeOf(readInstallStatus(host, install.stateDir))).code).toBe('not-an-install');
    expect((await codeOf(readInstallStatus(host, install.root))).code).toBe('not-an-install');
    expect((await codeOf(readInstallStatus(host, install.scriptPath))).code).toBe('not-an-install');
  });

  it('not-a-file when the env file is a folder', async () => {
    const install = await temp({});
    await fs.mkdir(install.envFile);
    expect(await codeOf(readInstallStatus(host, install.root))).toMatchObject({ code: 'not-a-file', outcome: 'unusable-input' });
  });

  it('not-text for NUL bytes and for invalid UTF-8', async () => {
    for (const content of [new Uint8Array([0x41, 0x3d, 0x31, 0x00, 0x0a]), new Uint8Array([0x41, 0x3d, 0xc3, 0x28, 0x0a])]) {
      const install = await temp({ envContent: content });
      expect(await codeOf(readInstallStatus(host, install.root))).toMatchObject({ code: 'not-text', outcome: 'unusable-input' });
    }
  });

  it('too-large above 1 MiB', async () => {
    const install = await temp({ envContent: `A=${'x'.repeat(1024 * 1024)}\n` });
    expect(await codeOf(readInstallStatus(host, install.root))).toMatchObject({ code: 'too-large', outcome: 'unusable-input' });
  });

  it('reads through a symlinked env file and reports the target owner', async () => {
    const install = await temp({});
    const real = path.join(install.root, 'real.env');
    await fs.writeFile(real, 'globalSettings__enableCloudCommunication=true\n', { mode: 0o640 });
    await fs.chmod(real, 0o640);
    await fs.symlink(real, install.envFile);
    const status = await readInstallStatus(host, install.root);
    expect(status.cloudCommunication).toBe(true);
    expect(status.envFileOwner.mode).toBe(0o640);
  });
});

const switchUserProblem = cannotSwitchUserReason();

describe('permission-denied as a non-root user', () => {
  it.skipIf(switchUserProblem !== null)(
    `env file readable only by root, read as uid 65534${switchUserProblem ? ` (skipped: ${switchUserProblem})` : ''}`,
    async () => {
      const install = await temp({ envContent: 'A=1\n', owner: { uid: 0, gid: 0 } });
      await fs.chmod(install.root, 0o755);
      const result = await readStatusAsNobody(install.root);
      expect(result).toMatchObject({ ok: false, code: 'permission-denied', outcome: 'unusable-input' });
      // The fix is structured (each surface words it): run as the owner of bwdata, or with sudo.
      expect(result.fix).toEqual({ runAsOwner: true, command: `status --bwdata ${install.bwdata}` });
      // Once bwdata is known, the command names it (the CLI accepts either folder).
      expect((result.details as { command: string }).command).toBe(`sponsorship-setup status --bwdata ${install.bwdata}`);
    },
  );

  it.skipIf(switchUserProblem !== null)(
    `bwdata folder closed to others, read as uid 65534${switchUserProblem ? ` (skipped: ${switchUserProblem})` : ''}`,
    async () => {
      const install = await temp({ envContent: 'A=1\n', owner: { uid: 0, gid: 0 } });
      await fs.chmod(install.bwdata, 0o700);
      const result = await readStatusAsNobody(install.bwdata);
      expect(result).toMatchObject({ ok: false, code: 'permission-denied', fix: { runAsOwner: true, command: `status --bwdata ${install.bwdata}` } });
      expect((result.details as { command: string }).command).toBe(`sponsorship-setup status --bwdata ${install.bwdata}`);
    },
  );

  it.skipIf(switchUserProblem !== null)(
    `the same install is readable by its owner${switchUserProblem ? ` (skipped: ${switchUserProblem})` : ''}`,
    async () => {
      const install = await temp({ envContent: 'globalSettings__enableCloudCommunication=true\n', owner: { uid: 65534, gid: 65534 } });
      const result = await readStatusAsNobody(install.root);
      expect(result).toMatchObject({ ok: true, status: { cloudCommunication: true, envFileOwner: { uid: 65534, gid: 65534, mode: 0o600 } } });
    },
  );
});

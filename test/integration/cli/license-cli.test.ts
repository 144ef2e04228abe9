import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LICENSE_UPLOAD_MAX_BYTES } from '../../../main/core/license';
import { FileSettingsStore, defaultSettingsPath } from '../../../main/core/settings';
import { signedLicensing, startBitwardenStandIn, type BitwardenStandIn, type StandInOrganization, type StandInUser } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';
import { ensureCliBuilt, noKeychain, runCliInProcess, runCliProcess } from '../../support/run-cli';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const INSTALLATION_ID = '7d6f3c8e-1111-4a2b-9c3d-123456789abc';
let key: TestLicensingKey;
let folder: string;
let install: TempInstall;

async function writeTemp(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(folder, name);
  await fs.writeFile(file, content);
  return file;
}

beforeAll(async () => {
  ensureCliBuilt();
  key = await createTestLicensingKey();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'license-cli-'));
  install = await createTempInstall({ envContent: `globalSettings__installation__id=${INSTALLATION_ID}\nglobalSettings__installation__key=SECRET\n` });
});

afterAll(async () => {
  await install?.dispose();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

describe('license inspect', () => {
  it('a real-format license with the six token-only features on is usable (exit 0), verified without --cert; --json prints the documented shape', async () => {
    // The cloud writes false for these six into the file and the organization's values into the token.
    const tokenOnly = { UseAutomaticUserConfirmation: true, UseDisableSmAdsForUsers: true, UsePhishingBlocker: true, UseMyItems: true, UseInviteLinks: true, UsePam: true };
    const file = await writeTemp('good.json', issueTestLicense({ key, installationId: INSTALLATION_ID, tokenOnly }).json);
    // Bitwarden's built-in certificate replaced through the CLI's services by the test key's: no --cert.
    const run = await runCliInProcess(['license', 'inspect', file, '--installation-id', INSTALLATION_ID, '--json'], { licensingCertificate: key.certificateDer });
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout);
    expect(Object.keys(document).sort()).toEqual(['certificate', 'checks', 'license', 'problems', 'usable', 'warnings']);
    expect(document.usable).toBe(true);
    expect(document.problems).toEqual([]);
    expect(document.warnings).toEqual([]);
    expect(document.checks).toEqual({ hash: 'match', token: 'valid', signature: 'not-checked' });
    expect(document.certificate.thumbprintSha1).toBe(key.thumbprintSha1);
    expect(document.license).toMatchObject({ installationId: INSTALLATION_ID, planType: 20, canSponsorFamilies: true, features: { useMyItems: true, usePam: true } });

    // A token-less file: its Signature is what is verified.
    const tokenLess = await writeTemp('token-less.json', issueTestLicense({ key, installationId: INSTALLATION_ID, withToken: false }).json);
    const signed = await runCliInProcess(['license', 'inspect', tokenLess, '--installation-id', INSTALLATION_ID, '--json'], { licensingCertificate: key.certificateDer });
    expect(signed.code).toBe(0);
    expect(JSON.parse(signed.stdout).checks).toEqual({ hash: 'match', token: 'absent', signature: 'valid' });
  });

  it("without --cert, Bitwarden's built-in certificate judges: a test-key license is token-invalid / signature-invalid (exit 1)", async () => {
    // As a real process: the bundle itself carries Bitwarden's certificate.
    const file = await writeTemp('test-key.json', issueTestLicense({ key, installationId: INSTALLATION_ID }).json);
    const run = await runCliProcess(['license', 'inspect', file, '--installation-id', INSTALLATION_ID, '--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document.problems.map((p: { code: string }) => p.code)).toEqual(['token-invalid']);
    expect(document.certificate).toEqual({ thumbprintSha1: 'B34876439FCDA2846505B2EFBBA6C4A951313EBE', isBitwardenProduction: true, subject: 'CN=bitwarden License' });
    const tokenLess = await writeTemp('test-key-token-less.json', issueTestLicense({ key, installationId: INSTALLATION_ID, withToken: false }).json);
    const unsigned = await runCliProcess(['license', 'inspect', tokenLess, '--installation-id', INSTALLATION_ID]);
    expect(unsigned.code).toBe(1);
    expect(unsigned.stdout).toContain('[signature-invalid]');
    expect(unsigned.stdout).toContain("NOT genuine: the signature does not verify with Bitwarden's licensing certificate (thumbprint B34876439FCDA2846505B2EFBBA6C4A951313EBE)");
  });

  it('with --cert the token is verified; --bwdata supplies the installation ID; text output by default; an unusable --cert is exit 2', async () => {
    const file = await writeTemp('pascal.json', issueTestLicense({ key, installationId: INSTALLATION_ID, casing: 'pascal' }).json);
    const cert = await writeTemp('licensing.cer', key.certificateDer);
    const json = await runCliInProcess(['license', 'inspect', file, '--bwdata', install.root, '--cert', cert, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).checks.token).toBe('valid');
    const text = await runCliInProcess(['license', 'inspect', file, '--bwdata', install.root, '--cert', cert]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('License: usable');
    expect(text.stdout).toContain(`Authenticity:        verified with the licensing certificate ${key.thumbprintSha1}`);
    const notCert = await writeTemp('not-a-cert.cer', 'hello');
    const bad = await runCliInProcess(['license', 'inspect', file, '--cert', notCert, '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout).error.code).toBe('certificate-unusable');
  });

  it('a license for another installation has a problem (exit 1) explained in the output', async () => {
    const file = await writeTemp('other.json', issueTestLicense({ key, installationId: randomUUID() }).json);
    const run = await runCliInProcess(['license', 'inspect', file, '--bwdata', install.bwdata, '--json'], { licensingCertificate: key.certificateDer });
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout);
    expect(document.usable).toBe(false);
    expect(document.problems.map((p: { code: string }) => p.code)).toEqual(['installation-mismatch']);
    expect(document.problems[0].message).toContain(INSTALLATION_ID);
  });

  it('a readable but oversized file is a too-large problem (exit 1); unreadable input is exit 2', async () => {
    const big = await writeTemp('big.json', `{"a":"${'x'.repeat(LICENSE_UPLOAD_MAX_BYTES)}"}`);
    const run = await runCliInProcess(['license', 'inspect', big, '--json']);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).problems.map((p: { code: string }) => p.code)).toContain('too-large');

    const missing = await runCliInProcess(['license', 'inspect', path.join(folder, 'nope.json'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('file-not-found');
    const directory = await runCliInProcess(['license', 'inspect', folder]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toContain('not-a-file');
    const huge = await writeTemp('huge.bin', new Uint8Array(5 * 1024 * 1024));
    const tooLarge = await runCliInProcess(['license', 'inspect', huge, '--json']);
    expect(tooLarge.code).toBe(2);
    expect(JSON.parse(tooLarge.stdout).error.code).toBe('file-too-large');
    const badId = await runCliInProcess(['license', 'inspect', big, '--installation-id', 'not-a-guid']);
    expect(badId.code).toBe(2);
  });

  it('license region without an installation ID is a usage error and contacts nothing', async () => {
    const run = await runCliInProcess(['license', 'region', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).error.code).toBe('usage');
  });
});

describe('license download and upload against the stand-in', () => {
  let standIn: BitwardenStandIn;
  let cloudOwner: StandInUser;
  let selfOwner: StandInUser;
  let cloudOrg: StandInOrganization;
  let selfOrg: StandInOrganization;
  let configHome: string;

  beforeAll(async () => {
    standIn = await startBitwardenStandIn({ ...signedLicensing(key) });
    cloudOwner = await standIn.addUser('cloud', { email: 'owner@example.test', password: 'pw one two three' });
    selfOwner = await standIn.addUser('self', { email: 'admin@example.test', password: 'pw four five six' });
    cloudOrg = standIn.addOrganization('cloud', { name: 'Acme', planType: 20, owner: cloudOwner });
    selfOrg = standIn.addOrganization('self', { name: 'Acme (self)', owner: selfOwner });
    standIn.addInstallation(standIn.installationId);
    configHome = await fs.mkdtemp(path.join(os.tmpdir(), 'license-cli-config-'));
    // Settings as `login` leaves them; the secrets come from BW_CLIENTID/BW_CLIENTSECRET per run.
    const settings = new FileSettingsStore(defaultSettingsPath({ XDG_CONFIG_HOME: configHome }));
    await settings.update((s) => ({
      ...s,
      servers: {
        cloud: { region: 'custom', ...standIn.endpoints('cloud'), caFile: standIn.caFile, clientId: cloudOwner.clientId },
        self: { vaultUrl: standIn.selfVaultUrl, ...standIn.endpoints('self'), caFile: standIn.caFile, clientId: selfOwner.clientId },
      },
    }));
  });

  afterAll(async () => {
    await standIn?.close();
    if (configHome) await fs.rm(configHome, { recursive: true, force: true });
  });

  const envFor = (user: StandInUser) => ({
    XDG_CONFIG_HOME: configHome,
    BW_CLIENTID: user.clientId,
    BW_CLIENTSECRET: user.clientSecret,
  });

  it('downloads, refuses to overwrite, uploads and confirms', async () => {
    const out = path.join(folder, 'downloaded.json');
    const cert = await writeTemp('licensing-2.cer', key.certificateDer);
    const download = await runCliInProcess(['license', 'download', '--org', cloudOrg.id, '--installation-id', standIn.installationId, '--out', out, '--cert', cert, '--json'], { secrets: noKeychain() }, { env: envFor(cloudOwner) });
    expect(download.stderr).not.toContain(cloudOwner.clientSecret);
    expect(download.code).toBe(0);
    expect(JSON.parse(download.stdout)).toMatchObject({ path: out, usable: true, checks: { token: 'valid' } });
    expect(JSON.parse(await fs.readFile(out, 'utf8')).installationId).toBe(standIn.installationId);

    const again = await runCliInProcess(['license', 'download', '--org', cloudOrg.id, '--installation-id', standIn.installationId, '--out', out], { secrets: noKeychain() }, { env: envFor(cloudOwner) });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('output-exists');
    // The CLI names its own flag, not the app's "allow replacing it".
    expect(again.stderr).toContain('--overwrite');

    const upload = await runCliInProcess(['license', 'upload', out, '--org', selfOrg.id, '--installation-id', standIn.installationId, '--cert', cert, '--json'], { secrets: noKeychain() }, { env: envFor(selfOwner) });
    expect(upload.code).toBe(0);
    expect(JSON.parse(upload.stdout)).toMatchObject({ uploaded: true, forced: false, confirmation: { confirmed: true } });
  });

  it('the cloud\'s "Invalid installation id" is shown verbatim with the region hint (exit 1)', async () => {
    const run = await runCliInProcess(['license', 'download', '--org', cloudOrg.id, '--installation-id', randomUUID(), '--out', path.join(folder, 'x.json'), '--json'], { secrets: noKeychain() }, { env: envFor(cloudOwner) });
    expect(run.code).toBe(1);
    const error = JSON.parse(run.stdout).error;
    expect(error).toMatchObject({ code: 'license-download-failed', serverMessage: 'Invalid installation id' });
    expect(error.message).toMatch(/region/);
    // The app's "Which region knows this ID?" button is a command here.
    expect(error.message).toContain('sponsorship-setup license region --installation-id');
    expect(error.message).not.toContain('Which region knows this ID?');
  });

  it('upload refuses a license with problems, and --force shows the server refusal verbatim', async () => {
    const file = await writeTemp('wrong-installation.json', issueTestLicense({ key, installationId: randomUUID(), cloudOrgId: cloudOrg.id, fields: { LicenseKey: cloudOrg.licenseKey } }).json);
    const refused = await runCliInProcess(['license', 'upload', file, '--org', selfOrg.id, '--installation-id', standIn.installationId, '--json'], { secrets: noKeychain() }, { env: envFor(selfOwner) });
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error.code).toBe('license-not-usable');
    expect(JSON.parse(refused.stdout).error.message).toContain('--force');
    const forced = await runCliInProcess(['license', 'upload', file, '--org', selfOrg.id, '--installation-id', standIn.installationId, '--force', '--json'], { secrets: noKeychain() }, { env: envFor(selfOwner) });
    expect(forced.code).toBe(1);
    const error = JSON.parse(forced.stdout).error;
    expect(error.code).toBe('license-upload-rejected');
    expect(error.serverMessage).toBe('Invalid license. The installation ID does not match the current installation.');
    expect(error.message).toMatch(/issued for another installation/);
  });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { createDispatcher, createTrust, INVOKE, type FileHandle } from '../../../main/ipc';
import { fakeAppServices, scriptedDialogs, tableWithOnly } from '../../support/app-services';
import { type InspectedLicense, type LicenseManualStepsView } from '../../../main/ipc/contracts/license-contract';
import type { IpcResult } from '../../../main/ipc/result';
import { licenseHandlers } from '../../../main/ipc/handlers/license-handlers';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';
import { LICENSE_FILE_READ_MAX_BYTES } from '../../../main/core/license';

const INSTALLATION_ID = '7d6f3c8e-1111-4a2b-9c3d-123456789abc';
const CLOUD_ORG = '11111111-2222-4333-8444-555555555555';
const SELF_ORG = '22222222-3333-4444-8555-666666666666';
const noEmit = () => {};

let key: TestLicensingKey;
let folder: string;
let goodJson: string;

beforeAll(async () => {
  key = await createTestLicensingKey();
  folder = await mkdtemp(path.join(os.tmpdir(), 'license-ipc-'));
  goodJson = issueTestLicense({ key, installationId: INSTALLATION_ID, cloudOrgId: CLOUD_ORG }).json;
});
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

interface Setup {
  /** What the file pickers answer, in order. */
  dialogAnswers?: (string | null)[];
  /** Leave Bitwarden's built-in licensing certificate in place (default: the test key's, through the services). */
  builtInCertificate?: boolean;
}

function dispatcherWith(setup: Setup = {}) {
  const settings = new MemorySettingsStore({
    servers: {
      cloud: { region: 'EU', apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu', clientId: 'user.x' },
      self: { vaultUrl: 'https://vault.example.test', apiUrl: 'https://vault.example.test/api', identityUrl: 'https://vault.example.test/identity', clientId: 'user.y', organizationId: SELF_ORG },
    },
  });
  const services = fakeAppServices({
    dialogs: scriptedDialogs({ answers: setup.dialogAnswers }).dialogs,
    paths: { logs: path.join(folder, 'logs'), downloads: path.join(folder, 'Downloads'), licenses: path.join(folder, 'licenses') },
    settings,
    secrets: { store: new MemorySecretStore(), persistent: false, reason: 'test' },
    licensingCertificate: setup.builtInCertificate ? undefined : () => key.certificateDer,
  });
  const trust = createTrust();
  return { dispatcher: createDispatcher(tableWithOnly(licenseHandlers(services, trust))), trust };
}

/** The value of a successful call (the dispatcher's envelope is typed `unknown`). */
function valueOf<T>(result: IpcResult<unknown>): T {
  expect(result.ok).toBe(true);
  return (result as { ok: true; value: T }).value;
}

/** A license file on disk, chosen through main's picker: its handle. */
async function pickedLicense(text: string, name = 'picked.json', extra: Setup = {}) {
  const file = path.join(folder, name);
  await writeFile(file, text);
  const setup = dispatcherWith({ ...extra, dialogAnswers: [file] });
  const picked = valueOf<{ file: FileHandle }>(await setup.dispatcher.dispatch(INVOKE.licensePickFile, undefined, noEmit));
  return { ...setup, file, fileId: picked.file.fileId };
}

describe('license IPC handlers through the dispatcher', () => {
  it('inspects a picked file by its handle against the installation ID', async () => {
    const { dispatcher, fileId } = await pickedLicense(goodJson);
    const good = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId, installationId: INSTALLATION_ID }, noEmit);
    expect(good).toMatchObject({ ok: true, value: { fileName: 'picked.json', fileId, savedAt: null, checkedInstallationId: INSTALLATION_ID, inspection: { usable: true } } });
    const other = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId, installationId: '00000000-1111-4222-8333-444444444444' }, noEmit);
    expect(valueOf<InspectedLicense>(other).inspection.problems.map((p) => p.code)).toEqual(['installation-mismatch']);
  });

  it("the services' certificate verifies; without it, Bitwarden's built-in one judges a test-key license not genuine", async () => {
    const withSubstitute = await pickedLicense(goodJson, 'substitute.json');
    const substitute = valueOf<InspectedLicense>(await withSubstitute.dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId: withSubstitute.fileId }, noEmit));
    expect(substitute.inspection).toMatchObject({ usable: true, checks: { token: 'valid' }, certificate: { thumbprintSha1: key.thumbprintSha1 } });
    const { dispatcher, fileId } = await pickedLicense(goodJson, 'built-in.json', { builtInCertificate: true });
    const builtIn = valueOf<InspectedLicense>(await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId }, noEmit));
    expect(builtIn.inspection.problems.map((p) => p.code)).toEqual(['token-invalid']);
    expect(builtIn.inspection.certificate).toMatchObject({ thumbprintSha1: 'B34876439FCDA2846505B2EFBBA6C4A951313EBE', isBitwardenProduction: true });
  });

  it('refuses paths, unknown handles and malformed payloads', async () => {
    const { dispatcher } = dispatcherWith();
    const byPath = await dispatcher.dispatch(INVOKE.licenseInspectFile, { path: path.join(folder, 'picked.json') }, noEmit);
    expect(byPath).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    const unknown = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId: '6f1c9a52-4b0e-4d7c-9a3e-1f2b3c4d5e6f' }, noEmit);
    expect(unknown).toMatchObject({ ok: false, error: { kind: 'unusable-input', code: 'unknown-file' } });
    const badGuid = await dispatcher.dispatch(INVOKE.licenseCheckRegion, { installationId: 'nope' }, noEmit);
    expect(badGuid).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
  });

  it('a picked file that is gone or too large is unusable input', async () => {
    const { dispatcher, fileId, file } = await pickedLicense(goodJson, 'soon-gone.json');
    await writeFile(file, 'x'.repeat(LICENSE_FILE_READ_MAX_BYTES + 1));
    const large = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId }, noEmit);
    expect(large).toMatchObject({ ok: false, error: { kind: 'unusable-input', code: 'file-too-large' } });
    await rm(file);
    const missing = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId }, noEmit);
    expect(missing).toMatchObject({ ok: false, error: { kind: 'unusable-input', code: 'file-not-found' } });
  });

  it('a picked certificate reports its thumbprint; a non-certificate is refused; a license handle is not a certificate', async () => {
    const cert = path.join(folder, 'licensing.cer');
    const junk = path.join(folder, 'junk.cer');
    const license = path.join(folder, 'for-cert.json');
    await writeFile(cert, key.certificateDer);
    await writeFile(junk, 'hello');
    await writeFile(license, goodJson);
    const { dispatcher } = dispatcherWith({ dialogAnswers: [cert, junk, license] });
    const ok = await dispatcher.dispatch(INVOKE.licensePickCertificate, undefined, noEmit);
    expect(ok).toMatchObject({ ok: true, value: { certificate: { name: 'licensing.cer', info: { thumbprintSha1: key.thumbprintSha1, isBitwardenProduction: false } } } });
    const certificateId = valueOf<{ certificate: FileHandle }>(ok).certificate.fileId;
    const bad = await dispatcher.dispatch(INVOKE.licensePickCertificate, undefined, noEmit);
    expect(bad).toMatchObject({ ok: false, error: { code: 'certificate-unusable' } });
    const fileId = valueOf<{ file: FileHandle }>(await dispatcher.dispatch(INVOKE.licensePickFile, undefined, noEmit)).file.fileId;
    const verified = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId, certificateId }, noEmit);
    expect(valueOf<InspectedLicense>(verified).inspection.checks.token).toBe('valid');
    const crossed = await dispatcher.dispatch(INVOKE.licenseInspectFile, { fileId, certificateId: fileId }, noEmit);
    expect(crossed).toMatchObject({ ok: false, error: { code: 'unknown-file' } });
  });

  it('manual steps link the right region and never suggest copying into bwdata/core/licenses', async () => {
    const { dispatcher } = dispatcherWith();
    const result = await dispatcher.dispatch(
      INVOKE.licenseManualSteps,
      { installationId: INSTALLATION_ID, cloudRegion: 'EU', cloudOrgId: CLOUD_ORG, installId: null, selfOrgId: SELF_ORG },
      noEmit,
    );
    const steps = valueOf<LicenseManualStepsView>(result);
    expect(steps.cloud.url).toBe(`https://vault.bitwarden.eu/#/organizations/${CLOUD_ORG}/billing/subscription`);
    expect(steps.selfHosted.url).toBe(`https://vault.example.test/#/organizations/${SELF_ORG}/billing/subscription`);
    expect(steps.selfHosted.notes.join(' ')).toContain('Do not copy the file into bwdata/core/licenses');
    // Each page comes with an id to open it by; the page never names the URL.
    expect(steps.cloud.linkId).toEqual(expect.any(String));
    expect(steps.selfHosted.linkId).toEqual(expect.any(String));
  });
});

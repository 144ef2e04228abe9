import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectionManager } from '../../../main/core/connections';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { createDispatcher, createTrust, INVOKE, type AppServices, type FileHandle } from '../../../main/ipc';
import { tableWithOnly } from '../../support/app-services';
import { LICENSE_BYTES_MAX, type InspectedLicense, type LicenseManualStepsView } from '../../../main/ipc/contracts/license-contract';
import type { IpcResult } from '../../../main/ipc/result';
import { licenseHandlers } from '../../../main/ipc/handlers/license-handlers';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

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
  dialogAnswers?: (string | null)[];
  /** Answers of main's yes/no dialogs (default: yes); every question is kept in `confirmations`. */
  confirmAnswers?: boolean[];
  uploads?: string[];
  connections?: Partial<ConnectionManager>;
  /** Leave Bitwarden's built-in licensing certificate in place (default: the test key's, through the services). */
  builtInCertificate?: boolean;
}

function dispatcherWith(setup: Setup = {}) {
  const answers = setup.dialogAnswers ?? [];
  const dialogCalls: { kind: string; defaultPath?: string }[] = [];
  const confirmations: string[] = [];
  const settings = new MemorySettingsStore({
    servers: {
      cloud: { region: 'EU', apiUrl: 'https://api.bitwarden.eu', identityUrl: 'https://identity.bitwarden.eu', clientId: 'user.x' },
      self: { vaultUrl: 'https://vault.example.test', apiUrl: 'https://vault.example.test/api', identityUrl: 'https://vault.example.test/identity', clientId: 'user.y', organizationId: SELF_ORG },
    },
  });
  const services: AppServices = {
    host: {} as AppServices['host'],
    appInfo: async () => ({ name: 'x', version: '0', platform: 'linux', secretStorage: { persistent: false } }),
    dialogs: {
      pickFolder: async () => null,
      pickFile: async () => (dialogCalls.push({ kind: 'pick' }), answers.shift() ?? null),
      saveFile: async ({ defaultPath }) => (dialogCalls.push({ kind: 'save', defaultPath }), answers.shift() ?? null),
      confirm: async ({ message }) => (confirmations.push(message), setup.confirmAnswers?.shift() ?? true),
    },
    openExternal: async () => false,
    clipboard: { writeText: () => {} },
    paths: { logs: path.join(folder, 'logs'), downloads: path.join(folder, 'Downloads'), licenses: path.join(folder, 'licenses') },
    settings,
    secrets: { store: new MemorySecretStore(), persistent: false, reason: 'test' },
    connections: (setup.connections ?? {}) as ConnectionManager,
    log: () => {},
    ...(setup.builtInCertificate ? {} : { licensingCertificate: () => key.certificateDer }),
  };
  const trust = createTrust();
  return { dispatcher: createDispatcher(tableWithOnly(licenseHandlers(services, trust))), dialogCalls, confirmations, trust };
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
    await writeFile(file, 'x'.repeat(LICENSE_BYTES_MAX + 1));
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

  it('download offers the downloads folder, saves nothing when cancelled, and saves the exact text when chosen', async () => {
    const target = path.join(folder, 'chosen.json');
    const connections = { client: async () => ({ downloadLicense: async () => ({ text: goodJson, json: {} }) }) } as unknown as ConnectionManager;
    const { dispatcher, dialogCalls } = dispatcherWith({ dialogAnswers: [null, target], connections });
    const cancelled = await dispatcher.dispatch(INVOKE.licenseDownload, { cloudOrgId: CLOUD_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(cancelled).toEqual({ ok: true, value: { saved: false } });
    expect(dialogCalls[0]).toEqual({ kind: 'save', defaultPath: path.join(folder, 'Downloads', 'bitwarden_organization_license.json') });
    const saved = await dispatcher.dispatch(INVOKE.licenseDownload, { cloudOrgId: CLOUD_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(saved).toMatchObject({ ok: true, value: { saved: true, savedAt: target, fileName: 'chosen.json', inspection: { usable: true } } });
    expect(await readFile(target, 'utf8')).toBe(goodJson);
  });

  it("download kept in the app's data asks no dialog; Save a copy… copies it where the admin chooses", async () => {
    const connections = { client: async () => ({ downloadLicense: async () => ({ text: goodJson, json: {} }) }) } as unknown as ConnectionManager;
    const copy = path.join(folder, 'copy-of-license.json');
    const { dispatcher, dialogCalls } = dispatcherWith({ dialogAnswers: [copy], connections });
    const kept = valueOf<{ saved: true; savedAt: string; fileId: string; inspection: { usable: boolean } }>(
      await dispatcher.dispatch(INVOKE.licenseDownload, { cloudOrgId: CLOUD_ORG, installationId: INSTALLATION_ID, keep: 'app-data' }, noEmit),
    );
    expect(dialogCalls).toEqual([]);
    expect(kept.savedAt).toBe(path.join(folder, 'licenses', INSTALLATION_ID.toLowerCase(), 'bitwarden_organization_license.json'));
    expect(kept.inspection.usable).toBe(true);
    expect(await readFile(kept.savedAt, 'utf8')).toBe(goodJson);
    expect(valueOf(await dispatcher.dispatch(INVOKE.licenseSaveCopy, { fileId: kept.fileId }, noEmit))).toEqual({ saved: true });
    expect(await readFile(copy, 'utf8')).toBe(goodJson);
    // Cancelled: nothing copied, nothing failed.
    expect(valueOf(await dispatcher.dispatch(INVOKE.licenseSaveCopy, { fileId: kept.fileId }, noEmit))).toEqual({ saved: false });
  });

  it('upload refuses a file with problems as a problem, and sends a clean one', async () => {
    const uploads: string[] = [];
    const connections = {
      client: async () => ({
        uploadLicense: async (_org: string, text: string) => void uploads.push(text),
        getOrganizationSubscription: async () => ({ id: SELF_ORG, name: 'Acme', expiration: JSON.parse(goodJson).expires }),
      }),
    } as unknown as ConnectionManager;
    const empty = path.join(folder, 'empty.json');
    const good = path.join(folder, 'good.json');
    await writeFile(empty, '{}');
    await writeFile(good, goodJson);
    const { dispatcher, confirmations } = dispatcherWith({ connections, dialogAnswers: [empty, good], confirmAnswers: [false, true] });
    const pick = async () => valueOf<{ file: FileHandle }>(await dispatcher.dispatch(INVOKE.licensePickFile, undefined, noEmit)).file.fileId;
    const [emptyId, goodId] = [await pick(), await pick()];
    const refused = await dispatcher.dispatch(INVOKE.licenseUpload, { fileId: emptyId, selfOrgId: SELF_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'problem', code: 'license-not-usable' } });
    expect(uploads).toEqual([]);
    // vault.example.test is neither a Bitwarden cloud host nor a chosen install's vault: main asks first.
    const declined = await dispatcher.dispatch(INVOKE.licenseUpload, { fileId: goodId, selfOrgId: SELF_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(declined).toMatchObject({ ok: false, error: { code: 'destination-refused' } });
    expect(uploads).toEqual([]);
    const sent = await dispatcher.dispatch(INVOKE.licenseUpload, { fileId: goodId, selfOrgId: SELF_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(sent).toMatchObject({ ok: true, value: { uploaded: true, forced: false, selfOrgId: SELF_ORG, confirmation: { confirmed: true } } });
    expect(uploads).toEqual([goodJson]);
    expect(confirmations.length).toBeGreaterThanOrEqual(2);
    expect(confirmations.every((question) => question === 'Send your license to vault.example.test?')).toBe(true);
    // Remembered for this connection: the next upload asks nothing.
    const before = confirmations.length;
    await dispatcher.dispatch(INVOKE.licenseUpload, { fileId: goodId, selfOrgId: SELF_ORG, installationId: INSTALLATION_ID }, noEmit);
    expect(confirmations.length).toBe(before);
  });

  it('connections view keeps the chosen owned organization and passes errors through', async () => {
    const owned = { id: SELF_ORG, name: 'Acme', type: 0, role: 'Owner', isOwner: true };
    const connections = {
      whoami: async () => ({
        self: { role: 'self', endpoints: {}, email: 'a@example.test', clientId: 'user.y', organizations: [owned], ownerOrganizations: [owned], secretSource: 'memory' },
        cloud: { role: 'cloud', error: { code: 'vault-unreachable', message: 'no route' } },
      }),
    } as unknown as ConnectionManager;
    const { dispatcher } = dispatcherWith({ connections });
    const result = await dispatcher.dispatch(INVOKE.licenseConnections, undefined, noEmit);
    expect(result).toMatchObject({
      ok: true,
      value: {
        self: { state: 'signed-in', vaultUrl: 'https://vault.example.test', organizationId: SELF_ORG },
        cloud: { state: 'error', region: 'EU', error: { code: 'vault-unreachable' } },
      },
    });
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

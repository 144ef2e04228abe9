import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher, createTrust, INVOKE, type FileHandle } from '../../../main/ipc';
import { licenseHandlers } from '../../../main/ipc/handlers/license-handlers';
import type { IpcResult } from '../../../main/ipc/result';
import { fakeAppServices, scriptedDialogs, tableWithOnly } from '../../support/app-services';
import { signedLicensing, startStandInWithOwners, type StandInWithOwners } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';
import { signIn, type SignedIn } from '../billing-sync/billing-sync-support';

const noEmit = () => {};

let key: TestLicensingKey;
let world: StandInWithOwners;
let session: SignedIn;
let folder: string;
let selfHost: string;

beforeAll(async () => {
  key = await createTestLicensingKey();
  world = await startStandInWithOwners({ ...signedLicensing(key) });
  session = await signIn(world.standIn, world.cloudOwner, world.selfOwner);
  selfHost = new URL(world.standIn.selfVaultUrl).host;
  folder = await mkdtemp(path.join(os.tmpdir(), 'license-ipc-stand-in-'));
});

afterAll(async () => {
  await session?.manager.close();
  await world?.standIn.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

/** The license handlers with the signed-in real connection manager; dialogs answer from the lists given. */
function dispatcherWith(setup: { dialogAnswers?: (string | null)[]; confirmAnswers?: boolean[] } = {}) {
  const { dialogs, dialogCalls, confirmations } = scriptedDialogs({ answers: setup.dialogAnswers, confirmAnswers: setup.confirmAnswers });
  const services = fakeAppServices({
    dialogs,
    paths: { logs: path.join(folder, 'logs'), downloads: path.join(folder, 'Downloads'), licenses: path.join(folder, 'licenses') },
    settings: session.settings,
    secrets: { store: session.secrets, persistent: false, reason: 'test' },
    connections: session.manager,
    licensingCertificate: () => key.certificateDer,
  });
  return { dispatcher: createDispatcher(tableWithOnly(licenseHandlers(services, createTrust()))), dialogCalls, confirmations };
}

/** The value of a successful call (the dispatcher's envelope is typed `unknown`). */
function valueOf<T>(result: IpcResult<unknown>): T {
  expect(result.ok).toBe(true);
  return (result as { ok: true; value: T }).value;
}

/** Spies on the signed-in cloud client's downloads: each call's text as the cloud answered it. */
async function cloudDownloads() {
  const spy = vi.spyOn(await session.manager.client('cloud'), 'downloadLicense');
  return { texts: async () => Promise.all(spy.mock.results.map(async (r) => (await r.value).text as string)), restore: () => spy.mockRestore() };
}

const licenseUploads = () => world.standIn.requests.filter((r) => r.method === 'POST' && /^\/self\/api\/organizations\/licenses\/self-hosted\/[^/]+$/.test(r.path));

describe('license IPC handlers with the real connection manager against the stand-in', () => {
  const download = () => ({ cloudOrgId: world.cloudOrg.id, installationId: world.standIn.installationId });

  it('download offers the downloads folder, saves nothing when cancelled, and saves the exact text when chosen', async () => {
    const target = path.join(folder, 'chosen.json');
    const downloads = await cloudDownloads();
    const { dispatcher, dialogCalls } = dispatcherWith({ dialogAnswers: [null, target] });
    const cancelled = await dispatcher.dispatch(INVOKE.licenseDownload, download(), noEmit);
    expect(cancelled).toEqual({ ok: true, value: { saved: false } });
    expect(dialogCalls[0]).toEqual({ kind: 'save', defaultPath: path.join(folder, 'Downloads', 'bitwarden_organization_license.json') });
    const saved = await dispatcher.dispatch(INVOKE.licenseDownload, download(), noEmit);
    expect(saved).toMatchObject({ ok: true, value: { saved: true, savedAt: target, fileName: 'chosen.json', inspection: { usable: true } } });
    const texts = await downloads.texts();
    downloads.restore();
    expect(texts.length).toBeGreaterThan(0);
    expect(await readFile(target, 'utf8')).toBe(texts.at(-1));
  });

  it("download kept in the app's data asks no dialog; Save a copy… copies it where the admin chooses", async () => {
    const copy = path.join(folder, 'copy-of-license.json');
    const downloads = await cloudDownloads();
    const { dispatcher, dialogCalls } = dispatcherWith({ dialogAnswers: [copy] });
    const kept = valueOf<{ saved: true; savedAt: string; fileId: string; inspection: { usable: boolean } }>(
      await dispatcher.dispatch(INVOKE.licenseDownload, { ...download(), keep: 'app-data' }, noEmit),
    );
    const [text] = await downloads.texts();
    downloads.restore();
    expect(dialogCalls).toEqual([]);
    expect(kept.savedAt).toBe(path.join(folder, 'licenses', world.standIn.installationId.toLowerCase(), 'bitwarden_organization_license.json'));
    expect(kept.inspection.usable).toBe(true);
    expect(await readFile(kept.savedAt, 'utf8')).toBe(text);
    expect(valueOf(await dispatcher.dispatch(INVOKE.licenseSaveCopy, { fileId: kept.fileId }, noEmit))).toEqual({ saved: true });
    expect(await readFile(copy, 'utf8')).toBe(text);
    // Cancelled: nothing copied, nothing failed.
    expect(valueOf(await dispatcher.dispatch(INVOKE.licenseSaveCopy, { fileId: kept.fileId }, noEmit))).toEqual({ saved: false });
  });

  it('upload refuses a file with problems as a problem, and sends a clean one', async () => {
    const goodJson = issueTestLicense({ key, installationId: world.standIn.installationId, cloudOrgId: world.cloudOrg.id }).json;
    const empty = path.join(folder, 'empty.json');
    const good = path.join(folder, 'good.json');
    await writeFile(empty, '{}');
    await writeFile(good, goodJson);
    const { dispatcher, confirmations } = dispatcherWith({ dialogAnswers: [empty, good], confirmAnswers: [false, true] });
    const pick = async () => valueOf<{ file: FileHandle }>(await dispatcher.dispatch(INVOKE.licensePickFile, undefined, noEmit)).file.fileId;
    const [emptyId, goodId] = [await pick(), await pick()];
    const upload = (fileId: string) => dispatcher.dispatch(INVOKE.licenseUpload, { fileId, selfOrgId: world.selfOrg.id, installationId: world.standIn.installationId }, noEmit);
    const refused = await upload(emptyId);
    expect(refused).toMatchObject({ ok: false, error: { kind: 'problem', code: 'license-not-usable' } });
    expect(licenseUploads()).toEqual([]);
    // The stand-in's vault is neither a Bitwarden cloud host nor a chosen install's vault: main asks first.
    const declined = await upload(goodId);
    expect(declined).toMatchObject({ ok: false, error: { code: 'destination-refused' } });
    expect(licenseUploads()).toEqual([]);
    expect(world.selfOrg.license).toBeUndefined();
    const sent = await upload(goodId);
    expect(sent).toMatchObject({ ok: true, value: { uploaded: true, forced: false, selfOrgId: world.selfOrg.id, confirmation: { confirmed: true } } });
    expect(licenseUploads().map((r) => r.status)).toEqual([200]);
    expect(world.selfOrg.license?.fields).toEqual(JSON.parse(goodJson));
    expect(confirmations.length).toBeGreaterThanOrEqual(2);
    expect(confirmations.every((question) => question === `Send your license to ${selfHost}?`)).toBe(true);
    // Remembered for this connection: the next upload asks nothing.
    const before = confirmations.length;
    expect((await upload(goodId)).ok).toBe(true);
    expect(confirmations.length).toBe(before);
  });
});

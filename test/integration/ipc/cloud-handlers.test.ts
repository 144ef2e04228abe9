import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { buildHandlerTable, createDispatcher, createTrust, INVOKE, type EventSink } from '../../../main/ipc';
import type { CloudApplyOutput, CloudApplySummary } from '../../../main/ipc/contracts/cloud-contract';
import { createTempInstall, type StandInControl, type TempInstall } from '../../support/temp-install';
import { fakeAppServices } from '../../support/app-services';

const ENV = '# keep me\nglobalSettings__baseServiceUri__cloudRegion=US\nglobalSettings__installation__key=SECRETKEY\n';

let cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

async function setup(envContent = ENV, control: StandInControl = { rootPrompt: 'skip' }) {
  const install: TempInstall = await createTempInstall({ envContent, control });
  const appFolder = await fs.mkdtemp(path.join(os.tmpdir(), 'sponsorship-ipc-'));
  cleanup.push(install.dispose, () => fs.rm(appFolder, { recursive: true, force: true }));
  // Settings, secrets and connections are not used by the cloud handlers.
  const services = fakeAppServices({
    host: createLocalHost(),
    paths: { logs: path.join(appFolder, 'logs'), downloads: path.join(appFolder, 'downloads'), licenses: path.join(appFolder, 'licenses') },
  });
  // The REAL table, as the app and the end-to-end harness build it.
  const trust = createTrust();
  const dispatcher = createDispatcher(buildHandlerTable(services, trust));
  // The install as the admin chose it in main's folder dialog.
  const installId = trust.handles.issueInstall(install.root, true).installId;
  const events: CloudApplyOutput[] = [];
  const emit: EventSink = (event, payload) => {
    if (event === 'sponsorship:cloud-apply-output') events.push(payload as CloudApplyOutput);
  };
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await dispatcher.dispatch(channel, payload, emit);
    if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  };
  return { install, installId, dispatcher, events, emit, call, appFolder };
}

describe('cloud IPC handlers on a real temp install', () => {
  it('writes exactly the confirmed diff, with a backup; a stale confirmation writes nothing', async () => {
    const { install, installId, dispatcher, call } = await setup();
    const plan = await call<{ changed: boolean; diff: string }>(INVOKE.cloudPlanEnable, { installId });
    expect(plan.changed).toBe(true);
    expect(plan.diff).toContain('+globalSettings__enableCloudCommunication=true');
    expect(plan.diff).not.toContain('SECRETKEY');

    // Someone edits the file after the diff was shown: the old confirmation no longer matches.
    await fs.appendFile(install.envFile, 'B=2\n');
    const stale = await dispatcher.dispatch(INVOKE.cloudEnable, { installId, confirmedDiff: plan.diff }, () => {});
    expect(stale).toMatchObject({ ok: false, error: { kind: 'problem', code: 'changed-during-edit' } });
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${ENV}B=2\n`);

    const fresh = await call<{ diff: string }>(INVOKE.cloudPlanEnable, { installId });
    const written = await call<{ changed: boolean; backup: string }>(INVOKE.cloudEnable, { installId, confirmedDiff: fresh.diff });
    expect(written.changed).toBe(true);
    expect(await fs.readFile(written.backup, 'utf8')).toBe(`${ENV}B=2\n`);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${ENV}B=2\nglobalSettings__enableCloudCommunication=true\n`);

    const backups = await call<Array<{ path: string }>>(INVOKE.cloudListBackups, { installId });
    expect(backups.map((b) => b.path)).toEqual([written.backup]);
    const restored = await call<{ restoredFrom: string }>(INVOKE.cloudRestore, { installId });
    expect(restored.restoredFrom).toBe(written.backup);
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(`${ENV}B=2\n`);
  });

  it('a region mismatch blocks the plan until fixRegion is asked', async () => {
    const env = 'globalSettings__baseServiceUri__cloudRegion=EU\nglobalSettings__installation__apiUri=https://api.bitwarden.com\n';
    const { install, installId, dispatcher, call } = await setup(env);
    const blocked = await call<{ blockedByRegionMismatch: boolean; problems: Array<{ code: string }> }>(INVOKE.cloudPlanEnable, { installId });
    expect(blocked.blockedByRegionMismatch).toBe(true);
    expect(blocked.problems.map((p) => p.code)).toContain('region-mismatch');
    const fixed = await call<{ blockedByRegionMismatch: boolean; diff: string }>(INVOKE.cloudPlanEnable, { installId, fixRegion: true });
    expect(fixed).toMatchObject({ blockedByRegionMismatch: false });
    expect(fixed.diff).toContain('+globalSettings__installation__apiUri=https://api.bitwarden.eu');
    // Writing without the fix refuses, whatever diff is sent.
    const refused = await dispatcher.dispatch(INVOKE.cloudEnable, { installId, confirmedDiff: fixed.diff }, () => {});
    expect(refused).toMatchObject({ ok: false, error: { kind: 'problem', code: 'region-mismatch' } });
    expect(await fs.readFile(install.envFile, 'utf8')).toBe(env);
    await call(INVOKE.cloudEnable, { installId, confirmedDiff: fixed.diff, fixRegion: true });
    expect(await fs.readFile(install.envFile, 'utf8')).toContain('globalSettings__installation__apiUri=https://api.bitwarden.eu\n');
  });

  it('apply streams batched output for its operation and resolves with the summary and the log file', async () => {
    const { installId, events, call, appFolder } = await setup('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', lines: 5 });
    const summary = await call<CloudApplySummary>(INVOKE.cloudApplyStart, { installId, method: 'restart', operationId: 'apply-1' });
    expect(summary).toMatchObject({ operationId: 'apply-1', ok: true, cloudCommunicationAfter: true, commands: [{ argv: ['./bitwarden.sh', 'restart'], exitCode: 0 }] });
    expect(path.dirname(summary.logFile!)).toBe(path.join(appFolder, 'logs'));
    expect(await fs.readFile(summary.logFile!, 'utf8')).toContain('OUT line 4');
    expect(events.every((e) => e.operationId === 'apply-1')).toBe(true);
    const lines = events.flatMap((e) => e.lines);
    expect(lines[0]).toMatchObject({ stream: 'info', text: '$ ./bitwarden.sh restart', commandIndex: 0 });
    expect(lines.filter((l) => l.stream !== 'info').map((l) => `${l.stream}:${l.text}`)).toEqual([
      'stdout:stand-in bitwarden.sh restart',
      'stderr:line 1 (stderr)',
      'stdout:line 2',
      'stderr:line 3 (stderr)',
      'stdout:line 4',
      'stderr:line 5 (stderr)',
      'stdout:stack started',
    ]);
    expect(lines.at(-1)).toMatchObject({ stream: 'info', text: './bitwarden.sh restart ended: exit 0' });
  });

  it('thousands of lines arrive in a few batches, all of them, in order', async () => {
    const { installId, events, call } = await setup('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', lines: 0, huge: 5000 });
    await call(INVOKE.cloudApplyStart, { installId, method: 'restart', operationId: 'huge' });
    const huge = events.flatMap((e) => e.lines).filter((l) => l.text.startsWith('huge '));
    expect(huge).toHaveLength(5000);
    expect(huge.at(-1)!.text).toBe('huge 5000');
    expect(events.length).toBeLessThan(1000);
  });

  it('a failing command resolves (not rejects) with its exit status; cancel stops a running apply', async () => {
    const failing = await setup('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', fail: 4 });
    const failed = await failing.call<CloudApplySummary>(INVOKE.cloudApplyStart, { installId: failing.installId, method: 'rebuild', operationId: 'f' });
    expect(failed).toMatchObject({ ok: false, commands: [{ exitCode: 4 }], problems: [{ code: 'command-failed' }] });

    const slow = await setup('globalSettings__enableCloudCommunication=true\n', { rootPrompt: 'skip', lines: 1, sleep: 30 });
    const running = slow.dispatcher.dispatch(INVOKE.cloudApplyStart, { installId: slow.installId, method: 'restart', operationId: 'slow' }, slow.emit);
    const deadline = Date.now() + 10_000;
    while (!slow.events.some((e) => e.lines.some((l) => l.text === 'line 1 (stderr)')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(await slow.dispatcher.dispatch(INVOKE.operationCancel, { operationId: 'slow' }, () => {})).toEqual({ ok: true, value: { cancelled: true } });
    const cancelled = await running;
    expect(cancelled).toMatchObject({ ok: true, value: { ok: false, commands: [{ cancelled: true }], problems: [{ code: 'cancelled' }] } });
  });
});

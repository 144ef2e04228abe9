import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalHost } from '../../../main/core/host';
import { createDispatcher, createTrust, EVENTS, INVOKE, type AppServices } from '../../../main/ipc';
import { fakeAppServices, tableWithOnly } from '../../support/app-services';
import type { FirewallRunResult, FirewallStageEvent } from '../../../main/ipc/contracts/firewall-contract';
import { appHandlers } from '../../../main/ipc/handlers/app-handlers';
import { firewallHandlers } from '../../../main/ipc/handlers/firewall-handlers';
import { closedPort, startHttpsServer, startSilentServer, type RunningServer } from '../../support/network/servers';
import { createTestPki, type TestCa, type TestPki } from '../../support/test-pki';

// Loopback HTTPS servers with a test root; names pinned to 127.0.0.1, so nothing leaves the machine.
const NAME = 'api.bitwarden.test';
const PIN = `${NAME}:127.0.0.1`;

let pki: TestPki;
let ca: TestCa;
let ok: RunningServer;
let silent: RunningServer;
let refused: number;
let folder: string;

beforeAll(async () => {
  pki = await createTestPki();
  ca = await pki.createCa('Firewall IPC Test Root', { organization: 'Test Public CA' });
  const leaf = await pki.createLeaf(ca, { commonName: NAME });
  ok = await startHttpsServer({ certPem: leaf.chainPem, keyPem: leaf.keyPem });
  silent = await startSilentServer();
  refused = await closedPort();
  folder = await fs.mkdtemp(path.join(os.tmpdir(), 'firewall-ipc-'));
});

afterAll(async () => {
  await ok?.close();
  await silent?.close();
  await pki?.dispose();
  if (folder) await fs.rm(folder, { recursive: true, force: true });
});

function setup(overrides: Partial<AppServices> = {}) {
  const saveAnswers: Array<string | null> = [];
  const copied: string[] = [];
  const services = fakeAppServices({
    host: createLocalHost(),
    appInfo: async () => ({ name: 'Sponsorship Setup', version: '1.2.3-test', platform: 'linux', secretStorage: { persistent: false } }),
    dialogs: { pickFolder: async () => null, pickFile: async () => null, saveFile: async () => saveAnswers.shift() ?? null, confirm: async () => true },
    clipboard: { writeText: (text) => void copied.push(text) },
    paths: { logs: folder, downloads: folder, licenses: folder },
    ...overrides,
  });
  const trust = createTrust();
  const dispatcher = createDispatcher(tableWithOnly({ ...appHandlers(services, trust), ...firewallHandlers(services, trust) }));
  /** A CA file as main's file picker hands it over: a handle. */
  const chosenCa = (file: string) => trust.handles.issueFile(file, 'ca', 'dialog').fileId;
  const events: Array<[string, unknown]> = [];
  const emit = (event: string, payload: unknown) => void events.push([event, payload]);
  return { dispatcher, events, emit, saveAnswers, copied, chosenCa };
}

describe('firewall IPC handlers on real sockets', () => {
  it('streams each finished stage with the operation id, resolves with the report, then copies and saves it', async () => {
    const resolveSystemProxy = vi.fn(async () => 'DIRECT');
    const { dispatcher, events, emit, saveAnswers, copied, chosenCa } = setup({ resolveSystemProxy });
    const urls = [`https://${NAME}:${ok.port}/alive`, `https://${NAME}:${refused}/alive`];
    const result = await dispatcher.dispatch(
      INVOKE.firewallRun,
      { operationId: 'run-1', region: 'us', urls, resolve: [PIN], caFileId: chosenCa(ca.certPath), timeoutMs: 2000 },
      emit,
    );
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const report = result.value as FirewallRunResult;
    expect(report).toMatchObject({ operationId: 'run-1', ok: false, appVersion: '1.2.3-test' });
    expect(report.targets.map((t) => [t.url, t.verdict])).toEqual([
      [urls[0], 'ok'],
      [urls[1], 'refused'],
    ]);
    // The app's system proxy resolver was asked (Electron's session.resolveProxy in the app).
    expect(resolveSystemProxy).toHaveBeenCalledWith(urls[0]);
    expect(report.targets[0]?.stages[0]?.detail).toContain('system proxy settings say DIRECT');
    // One event per stage per target, on the typed channel, matching the report exactly.
    const stages = events.filter(([name]) => name === EVENTS.firewallStage).map(([, payload]) => payload as FirewallStageEvent);
    expect(stages.every((e) => e.operationId === 'run-1')).toBe(true);
    for (const target of report.targets) {
      expect(stages.filter((e) => e.target === target.url).map((e) => e.stage)).toEqual(target.stages);
    }
    expect(report.containerTestCommands.commands.length).toBeGreaterThan(0);

    expect(await dispatcher.dispatch(INVOKE.firewallCopyReport, undefined, emit)).toEqual({ ok: true, value: { copied: true } });
    expect(copied[0]).toContain(`${NAME}:${refused} — refused`);
    expect(copied[0]).toContain('docker exec bitwarden-api');

    const jsonFile = path.join(folder, 'report.json');
    const textFile = path.join(folder, 'report.txt');
    saveAnswers.push(jsonFile, textFile, null);
    expect(await dispatcher.dispatch(INVOKE.firewallSaveReport, { format: 'json' }, emit)).toEqual({ ok: true, value: { saved: true, path: jsonFile } });
    expect(await dispatcher.dispatch(INVOKE.firewallSaveReport, { format: 'text' }, emit)).toEqual({ ok: true, value: { saved: true, path: textFile } });
    expect(await dispatcher.dispatch(INVOKE.firewallSaveReport, { format: 'json' }, emit)).toEqual({ ok: true, value: { saved: false, path: null } });
    const saved = JSON.parse(await fs.readFile(jsonFile, 'utf8'));
    expect(saved).toMatchObject({ ok: false, region: 'us', appVersion: '1.2.3-test', targets: [{ verdict: 'ok' }, { verdict: 'refused' }] });
    expect(saved.targets[1].remediation).toEqual({ admin: expect.any(String), network: expect.any(String) });
    expect(await fs.readFile(textFile, 'utf8')).toBe(`${copied[0]}\n`);
  });

  it('an unreadable or non-PEM CA file is unusable input and nothing is contacted', async () => {
    const { dispatcher, events, emit, chosenCa } = setup();
    const notPem = path.join(folder, 'not.pem');
    await fs.writeFile(notPem, 'nope');
    for (const caFile of [path.join(folder, 'missing.pem'), notPem]) {
      const result = await dispatcher.dispatch(INVOKE.firewallRun, { operationId: 'x', region: 'us', urls: [`https://${NAME}:${ok.port}/`], caFileId: chosenCa(caFile) }, emit);
      expect(result).toMatchObject({ ok: false, error: { kind: 'unusable-input', code: 'invalid-ca' } });
    }
    expect(events).toEqual([]);
  });

  it('operationCancel stops a run stuck in a silent TLS handshake: the call ends as cancelled', async () => {
    const { dispatcher, events, emit } = setup();
    const running = dispatcher.dispatch(
      INVOKE.firewallRun,
      { operationId: 'run-silent', region: 'us', urls: [`https://${NAME}:${silent.port}/alive`], resolve: [PIN], proxy: 'none', timeoutMs: 20_000 },
      emit,
    );
    // Wait until the TCP stage passed (the handshake is now hanging), then cancel.
    await vi.waitFor(() => expect(events.some(([, p]) => (p as FirewallStageEvent).stage.name === 'tcp')).toBe(true), { timeout: 3000 });
    expect(await dispatcher.dispatch(INVOKE.operationCancel, { operationId: 'run-silent' }, emit)).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  });
});

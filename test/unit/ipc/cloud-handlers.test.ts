import { describe, expect, it, vi } from 'vitest';
import { HostError } from '../../../main/core/host';
import { createDispatcher, createTrust, INVOKE, type AppServices } from '../../../main/ipc';
import { fakeAppServices, tableWithOnly } from '../../support/app-services';
import { cloudHandlers } from '../../../main/ipc/handlers/cloud-handlers';
import { createFakeHost } from '../install/fake-host';

const ROOT = '/srv/bit warden';
const ENV_FILE = `${ROOT}/bwdata/env/global.override.env`;
// The install as the admin chose it in main's folder dialog.
const trust = createTrust();
const INSTALL_ID = trust.handles.issueInstall(ROOT, true).installId;

function servicesWith(host: AppServices['host']): AppServices {
  // paths are never written: these tests run nothing that logs.
  return fakeAppServices({ host });
}

function dispatcherFor(host: AppServices['host']) {
  return createDispatcher(tableWithOnly(cloudHandlers(servicesWith(host), {}, trust)));
}

const fakeInstall = (files: Record<string, string> = {}) =>
  createFakeHost({
    platform: 'linux',
    folders: [ROOT, `${ROOT}/bwdata`, `${ROOT}/bwdata/env`, `${ROOT}/bwdata/docker`],
    files: { [`${ROOT}/bitwarden.sh`]: '', [ENV_FILE]: 'globalSettings__baseServiceUri__cloudRegion=US\n', ...files },
  });

describe('cloud IPC handlers (fake host)', () => {
  it('refuses bad payloads at the boundary without touching the host', async () => {
    const host = fakeInstall();
    const readFile = vi.spyOn(host, 'readFile');
    const dispatcher = dispatcherFor(host);
    const bad: Array<[string, unknown]> = [
      [INVOKE.cloudEnable, { installId: INSTALL_ID }], // no confirmed diff: writing needs the admin's confirmation
      [INVOKE.cloudEnable, { installId: INSTALL_ID, confirmedDiff: '' }],
      [INVOKE.cloudPlanEnable, { installId: INSTALL_ID, fixRegion: 'yes' }],
      [INVOKE.cloudApplyStart, { installId: INSTALL_ID, method: 'reboot', operationId: 'op' }],
      [INVOKE.cloudApplyStart, { installId: INSTALL_ID, method: 'restart', operationId: '' }],
      [INVOKE.cloudRestore, { installId: INSTALL_ID, backupName: '' }],
      [INVOKE.cloudPlanApply, { folder: ROOT }], // a path instead of a handle
      [INVOKE.cloudPlanApply, {}],
    ];
    for (const [channel, payload] of bad) {
      const result = await dispatcher.dispatch(channel, payload, () => {});
      expect(result, `${channel} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    }
    expect(readFile).not.toHaveBeenCalled();
  });

  it('plans the three apply methods with their exact commands and a copyable line, nothing run', async () => {
    const host = fakeInstall();
    const result = await dispatcherFor(host).dispatch(INVOKE.cloudPlanApply, { installId: INSTALL_ID }, () => {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { methods } = result.value as { methods: Array<{ method: string; commands: string[][]; copyCommand: string; unavailable: unknown }> };
    expect(methods.map((m) => m.method)).toEqual(['restart', 'rebuild', 'no-pull']);
    expect(methods[0]).toMatchObject({ commands: [['./bitwarden.sh', 'restart']], copyCommand: `cd '${ROOT}' && ./bitwarden.sh restart`, unavailable: null });
    expect(methods[1]!.commands).toEqual([
      ['./bitwarden.sh', 'rebuild'],
      ['./bitwarden.sh', 'start'],
    ]);
    expect(methods[2]!.commands).toEqual([['docker', 'compose', '-f', 'bwdata/docker/docker-compose.yml', 'up', '-d']]);
    expect(host.runs).toEqual([]);
  });

  it('without bitwarden.sh, restart and rebuild are shown unavailable and no-pull stays possible', async () => {
    const host = createFakeHost({
      platform: 'linux',
      folders: [ROOT, `${ROOT}/bwdata`, `${ROOT}/bwdata/env`],
      files: { [ENV_FILE]: 'A=1\n' },
    });
    const result = await dispatcherFor(host).dispatch(INVOKE.cloudPlanApply, { installId: INSTALL_ID }, () => {});
    expect(result).toMatchObject({
      ok: true,
      value: { methods: [{ unavailable: { code: 'script-missing' } }, { unavailable: { code: 'script-missing' } }, { unavailable: null }] },
    });
  });

  it('permission-denied carries the CLI command for this task to copy', async () => {
    const host = fakeInstall();
    host.readFile = async (target) => {
      throw new HostError('permission-denied', target, 'EACCES');
    };
    const dispatcher = dispatcherFor(host);
    const plan = await dispatcher.dispatch(INVOKE.cloudPlanEnable, { installId: INSTALL_ID }, () => {});
    expect(plan).toMatchObject({
      ok: false,
      error: { kind: 'unusable-input', code: 'permission-denied', details: { command: `sudo sponsorship-setup enable-cloud --bwdata '${ROOT}'` } },
    });
    if (!plan.ok) expect(plan.error.message).toContain(`sudo sponsorship-setup enable-cloud --bwdata '${ROOT}'`);
    const restore = await dispatcher.dispatch(INVOKE.cloudRestore, { installId: INSTALL_ID }, () => {});
    expect(restore).toMatchObject({ ok: false, error: { code: 'permission-denied', details: { command: expect.stringContaining('restore-env') } } });
  });
});

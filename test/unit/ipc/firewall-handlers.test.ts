import { describe, expect, it, vi } from 'vitest';
import { redactUrlCredentials } from '../../../main/core/shared';
import { createDispatcher, createTrust, INVOKE, type AppServices, type Trust } from '../../../main/ipc';
import { fakeAppServices, tableWithOnly } from '../../support/app-services';
import { firewallHandlers } from '../../../main/ipc/handlers/firewall-handlers';
import { createFakeHost } from '../install/fake-host';

const ROOT = '/srv/bitwarden';
const ENV_FILE = `${ROOT}/bwdata/env/global.override.env`;

function servicesWith(overrides: Partial<AppServices> = {}): AppServices {
  return fakeAppServices({
    host: createFakeHost({ platform: 'linux', folders: [], files: {} }),
    appInfo: async () => ({ name: 'x', version: '9.9.9', platform: 'linux', secretStorage: { persistent: false } }),
    ...overrides,
  });
}

function dispatcherFor(services: AppServices, trust: Trust = createTrust()) {
  return createDispatcher(tableWithOnly(firewallHandlers(services, trust)));
}

const fakeInstall = (env = 'globalSettings__baseServiceUri__cloudRegion=US\n') =>
  createFakeHost({
    platform: 'linux',
    folders: [ROOT, `${ROOT}/bwdata`, `${ROOT}/bwdata/env`, `${ROOT}/bwdata/docker`],
    files: { [`${ROOT}/bitwarden.sh`]: '', [ENV_FILE]: env },
  });

describe('firewall IPC handlers', () => {
  it('plan lists exactly the region hosts (push informational) and contacts nothing', async () => {
    const resolveSystemProxy = vi.fn(async () => 'DIRECT');
    const dispatcher = dispatcherFor(servicesWith({ resolveSystemProxy }));
    const us = await dispatcher.dispatch(INVOKE.firewallPlan, { region: 'us' }, () => {});
    expect(us).toMatchObject({ ok: true });
    if (!us.ok) return;
    const plan = us.value as { targets: Array<{ host: string; required: boolean }>; contacts: Array<{ host: string; role: string }>; proxyNote: string };
    expect(plan.targets.map((t) => [t.host, t.required])).toEqual([
      ['api.bitwarden.com', true],
      ['identity.bitwarden.com', true],
      ['push.bitwarden.com', false],
    ]);
    expect(plan.contacts.map((c) => c.host)).toEqual(['api.bitwarden.com', 'identity.bitwarden.com', 'push.bitwarden.com']);
    // With the system resolver the proxy is only known at run time; the plan says so.
    expect(plan.proxyNote).toMatch(/system's proxy settings/);
    expect(resolveSystemProxy).not.toHaveBeenCalled();

    const eu = await dispatcher.dispatch(INVOKE.firewallPlan, { region: 'eu', proxy: 'http://user:pw@proxy.corp.test:3128' }, () => {});
    expect(eu.ok && (eu.value as { targets: Array<{ host: string }> }).targets[0]?.host).toBe('api.bitwarden.eu');
    expect(eu.ok && (eu.value as { contacts: unknown[] }).contacts).toEqual([
      { host: 'proxy.corp.test', port: 3128, role: 'proxy', forTargets: expect.arrayContaining(['https://api.bitwarden.eu/alive']), required: true },
    ]);
    expect(JSON.stringify(eu)).not.toContain(':pw@');
  });

  it('plan with custom targets (advanced) uses the exact URLs; bad input is unusable-input or invalid-request', async () => {
    const dispatcher = dispatcherFor(servicesWith());
    const custom = await dispatcher.dispatch(INVOKE.firewallPlan, { region: 'us', urls: ['https://gov.example.test:8443/alive', '  '], proxy: 'none' }, () => {});
    expect(custom).toMatchObject({
      ok: true,
      value: { targets: [{ url: 'https://gov.example.test:8443/alive', host: 'gov.example.test', port: 8443, required: true }], proxyNote: 'Direct connections: no proxy.' },
    });
    expect(await dispatcher.dispatch(INVOKE.firewallPlan, { region: 'us', urls: ['http://x.test/'] }, () => {})).toMatchObject({
      ok: false,
      error: { kind: 'unusable-input', code: 'invalid-url' },
    });
    expect(await dispatcher.dispatch(INVOKE.firewallPlan, { region: 'us', proxy: 'socks5://x:1' }, () => {})).toMatchObject({
      ok: false,
      error: { kind: 'unusable-input', code: 'invalid-proxy-url' },
    });
    for (const bad of [{ region: 'asia' }, { region: 'us', urls: 'https://x' }, { operationId: '', region: 'us' }]) {
      const channel = 'operationId' in bad ? INVOKE.firewallRun : INVOKE.firewallPlan;
      expect(await dispatcher.dispatch(channel, bad, () => {}), JSON.stringify(bad)).toMatchObject({ ok: false, error: { kind: 'invalid-request' } });
    }
  });

  it('copy and save refuse before any run (no-report), and nothing is written', async () => {
    const saveFile = vi.fn(async () => '/tmp/never');
    const writeText = vi.fn();
    const dispatcher = dispatcherFor(servicesWith({ dialogs: { pickFolder: async () => null, pickFile: async () => null, saveFile, confirm: async () => false }, clipboard: { writeText } }));
    expect(await dispatcher.dispatch(INVOKE.firewallCopyReport, undefined, () => {})).toMatchObject({ ok: false, error: { code: 'no-report' } });
    expect(await dispatcher.dispatch(INVOKE.firewallSaveReport, { format: 'json' }, () => {})).toMatchObject({ ok: false, error: { code: 'no-report' } });
    expect(saveFile).not.toHaveBeenCalled();
    expect(writeText).not.toHaveBeenCalled();
  });

  it('container commands cover bitwarden-api and bitwarden-admin and never carry the proxy password', async () => {
    const dispatcher = dispatcherFor(servicesWith());
    const result = await dispatcher.dispatch(INVOKE.firewallContainerCommands, { region: 'eu', proxy: 'http://u:s3cret@proxy.test:3128' }, () => {});
    expect(result.ok).toBe(true);
    const text = JSON.stringify(result);
    expect(text).toContain('docker exec bitwarden-api');
    expect(text).toContain('docker exec bitwarden-admin');
    expect(text).toContain('api.bitwarden.eu');
    expect(text).not.toContain('s3cret');
  });

  it('proxy env for the containers: plan shows a redacted diff, write needs that exact diff, then backs up and writes', async () => {
    const host = fakeInstall();
    // The fake host keeps no writes: record what would be written.
    const write = vi.spyOn(host, 'writeFileIfUnchanged');
    // A typed folder: read freely, written only after the admin says yes in main's dialog.
    const answers = [false, true];
    const asked: string[] = [];
    const confirm = async ({ message }: { message: string }) => (asked.push(message), answers.shift() ?? false);
    const trust = createTrust();
    const { installId } = trust.handles.issueInstall(ROOT, false);
    const dispatcher = dispatcherFor(servicesWith({ host, dialogs: { ...fakeAppServices().dialogs, confirm } }), trust);
    const proxy = 'http://svc:Pa55word@proxy.corp.test:3128';
    const plan = await dispatcher.dispatch(INVOKE.firewallPlanProxyEnv, { installId, proxy }, () => {});
    expect(asked).toEqual([]);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const { diff, entries, changed } = plan.value as { diff: string; entries: Array<{ key: string; value: string }>; changed: boolean };
    expect(changed).toBe(true);
    expect(diff).toContain('+HTTPS_PROXY=http://***@proxy.corp.test:3128');
    expect(diff).not.toContain('Pa55word');
    expect(entries.map((e) => e.key)).toEqual(['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']);
    expect(JSON.stringify(entries)).not.toContain('Pa55word');
    expect(write).not.toHaveBeenCalled();

    const declined = await dispatcher.dispatch(INVOKE.firewallWriteProxyEnv, { installId, proxy, confirmedDiff: diff }, () => {});
    expect(declined).toMatchObject({ ok: false, error: { code: 'install-not-confirmed' } });
    expect(asked).toEqual([`Change the files of the install at ${ROOT}?`]);
    expect(write).not.toHaveBeenCalled();

    const stale = await dispatcher.dispatch(INVOKE.firewallWriteProxyEnv, { installId, proxy, confirmedDiff: `${diff}x` }, () => {});
    expect(stale).toMatchObject({ ok: false, error: { kind: 'problem', code: 'changed-during-edit' } });
    expect(write).not.toHaveBeenCalled();

    const wrote = await dispatcher.dispatch(INVOKE.firewallWriteProxyEnv, { installId, proxy, confirmedDiff: diff }, () => {});
    expect(asked).toHaveLength(2); // confirmed once, then remembered for this session
    expect(wrote).toMatchObject({ ok: true, value: { changed: true, backup: expect.stringContaining('global.override.env.') } });
    expect(JSON.stringify(wrote)).not.toContain('Pa55word');
    expect(write).toHaveBeenCalledTimes(1);
    const written = new TextDecoder().decode(write.mock.calls[0]?.[2]);
    expect(written).toContain(`HTTPS_PROXY=${proxy}\n`);
    expect(written).toMatch(/NO_PROXY=.*\bidentity\b/);
  });

  it('redactUrlCredentials hides user:password in any URL of a text', () => {
    expect(redactUrlCredentials('+HTTPS_PROXY=http://a:b@h:1\n HTTP_PROXY=http://h:1')).toBe('+HTTPS_PROXY=http://***@h:1\n HTTP_PROXY=http://h:1');
  });
});

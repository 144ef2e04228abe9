// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../main/core/shared';
import { INVOKE } from '../../../../main/ipc/channels';
import type { HandlerTable } from '../../../../main/ipc/handler-table';
import type { FirewallContainerRun, FirewallRunResult, ProxyEnvPlan, ProxyEnvResult } from '../../../../main/ipc/contracts/firewall-contract';
import { appHandlers } from '../../../../main/ipc/handlers/app-handlers';
import { firewallHandlers } from '../../../../main/ipc/handlers/firewall-handlers';
import { createTrust } from '../../../../main/ipc/trust';
import type { InstallInspection } from '../../../../main/ipc';
import { FirewallStep } from '../../../../renderer/src/steps/firewall/firewall-step';
import { useServerStore } from '../../../../renderer/src/state/server-store';
import { useWizardStore } from '../../../../renderer/src/state/wizard-store';
import { fakeAppServices } from '../../../support/app-services';
import { fakeBridge, type FakeBridge } from '../../../support/renderer/dispatcher-bridge';
import { containerResults, EVENTS, heldHandler, reportFor, stage } from './firewall-fixtures';

type RunRequest = { operationId: string };

/** The wizard store as the app starts it (the real slices), and this computer as the server. */
const initialWizard = useWizardStore.getState();
const initialServer = useServerStore.getState();

let bridge: FakeBridge;
let run: ReturnType<typeof heldHandler<RunRequest, FirewallRunResult>>;
let containers: ReturnType<typeof heldHandler<{ operationId: string; region: 'us' | 'eu' }, FirewallContainerRun>>;

/** The real plan and container-command handlers (they contact nothing); the run and the container run are held by the test. */
function install(extra: Partial<HandlerTable> = {}) {
  const services = fakeAppServices({ resolveSystemProxy: async () => 'DIRECT' });
  const trust = createTrust();
  const real = firewallHandlers(services, trust);
  run = heldHandler();
  containers = heldHandler();
  bridge = fakeBridge({
    ...appHandlers(services, trust),
    [INVOKE.firewallPlan]: real[INVOKE.firewallPlan],
    [INVOKE.firewallContainerCommands]: real[INVOKE.firewallContainerCommands],
    [INVOKE.firewallRun]: run.handler as HandlerTable[typeof INVOKE.firewallRun],
    [INVOKE.firewallRunInContainers]: containers.handler as HandlerTable[typeof INVOKE.firewallRunInContainers],
    ...extra,
  });
  (window as { sponsorship?: unknown }).sponsorship = bridge.api;
}

beforeEach(() => {
  useWizardStore.setState(initialWizard, true);
  useServerStore.setState(initialServer, true);
  install();
});
afterEach(() => {
  cleanup();
  delete (window as { sponsorship?: unknown }).sponsorship;
});

async function renderPlanned() {
  render(<FirewallStep />);
  await waitFor(() => expect(screen.getAllByTestId('firewall-row')).toHaveLength(3));
  return screen.getAllByTestId('firewall-row');
}

async function startRun() {
  const user = userEvent.setup();
  const before = run.requests.length;
  await user.click(screen.getByRole('button', { name: /^Run (check|again)$/ }));
  await waitFor(() => expect(run.requests).toHaveLength(before + 1));
  return { user, operationId: run.requests[before]!.operationId };
}

const isDisabled = (element: HTMLElement) => (element as HTMLButtonElement).disabled;
const callsTo = (channel: string) => bridge.calls.filter((call) => call.channel === channel);

describe('the Firewall screen before a run', () => {
  it('lists what will be contacted and one waiting row per host, with a chip reserved for every stage', async () => {
    const rows = await renderPlanned();
    const planned = screen.getByTestId('planned-contacts');
    expect(within(planned).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'api.bitwarden.com:443',
      'identity.bitwarden.com:443',
      'push.bitwarden.com:443 (informational)',
    ]);
    expect(rows.map((row) => row.getAttribute('data-host'))).toEqual(['api.bitwarden.com', 'identity.bitwarden.com', 'push.bitwarden.com']);
    for (const row of rows) expect(within(row).getByTestId('verdict').textContent?.trim()).toBe('Not checked yet');
    expect([...rows[0]!.querySelectorAll('[data-stage]')].map((chip) => chip.getAttribute('data-status'))).toEqual(Array(7).fill('pending'));
    expect(isDisabled(screen.getByRole('button', { name: 'Run check' }))).toBe(false);
  });

  it('shows why a plan cannot be made (a bad custom URL) and offers no run', async () => {
    const user = userEvent.setup();
    await renderPlanned();
    await user.click(screen.getByText('Options: region, proxy, custom targets'));
    await user.click(screen.getByText('Custom targets (advanced)'));
    await user.type(screen.getByLabelText(/Custom target URLs/), 'http://plain.example/alive');
    await waitFor(() => expect(screen.getByText(/Only https:\/\/ URLs can be checked/)).toBeTruthy());
    expect(isDisabled(screen.getByRole('button', { name: 'Run check' }))).toBe(true);
  });

  it('the copy-ready container commands are asked for once per screen, not per component', async () => {
    await renderPlanned();
    await waitFor(() => expect(screen.getByText('Test from the server and inside its containers')).toBeTruthy());
    expect(callsTo(INVOKE.firewallContainerCommands)).toHaveLength(1);
    expect(screen.getByText(/This check runs on this computer\./)).toBeTruthy();
  });
});

describe('the Firewall screen while and after it runs', () => {
  it('streams stages into the rows with progress; Cancel stops that operation', async () => {
    const rows = await renderPlanned();
    const { user, operationId } = await startRun();
    expect(screen.getByTestId('firewall-progress').textContent).toBe('Checking… 0 of 21 stages finished.');
    act(() => {
      run.emit(EVENTS.firewallStage, { operationId, target: 'https://api.bitwarden.com/alive', stage: stage('proxy', 'skipped') });
      run.emit(EVENTS.firewallStage, { operationId, target: 'https://api.bitwarden.com/alive', stage: stage('dns', 'pass') });
      // Another operation's stage is not this run's.
      run.emit(EVENTS.firewallStage, { operationId: 'other', target: 'https://api.bitwarden.com/alive', stage: stage('tcp', 'fail') });
    });
    expect(screen.getByTestId('firewall-progress').textContent).toBe('Checking… 2 of 21 stages finished.');
    const chip = (row: HTMLElement, name: string) => row.querySelector(`[data-stage="${name}"]`)?.getAttribute('data-status');
    expect([chip(rows[0]!, 'dns'), chip(rows[0]!, 'tcp'), chip(rows[0]!, 'tls')]).toEqual(['pass', 'running', 'pending']);
    expect(within(rows[0]!).getByTestId('verdict').textContent?.trim()).toBe('Checking…');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(callsTo(INVOKE.operationCancel)).toEqual([{ channel: INVOKE.operationCancel, request: { operationId } }]));
  });

  it('a finished run with a refused host: verdicts per row, "Problems found", what to do for that host only, and the report actions', async () => {
    const rows = await renderPlanned();
    const { operationId } = await startRun();
    await act(async () => run.release(reportFor(operationId, { 'identity.bitwarden.com': 'refused' })));
    expect(screen.getByTestId('firewall-progress').textContent).toBe('Finished in 2.5 s.');
    expect(rows[1]!.getAttribute('data-verdict')).toBe('refused');
    expect(within(rows[1]!).getByTestId('verdict').textContent).toContain('refused');
    expect(rows[1]!.querySelector('[data-stage="tcp"]')?.getAttribute('data-status')).toBe('fail');
    const summary = screen.getByTestId('firewall-summary');
    expect(summary.textContent).toContain('Problems found');
    expect(screen.getByTestId('measured-from').textContent).toBe("Measured from this computer (this computer's own connections).");
    const remedies = screen.getAllByTestId('remediation');
    expect(remedies.map((r) => r.getAttribute('data-target'))).toEqual(['https://identity.bitwarden.com/alive']);
    expect(remedies[0]!.textContent).toContain('For the network team: Allow identity.bitwarden.com:443 outbound');
    expect(screen.getByRole('button', { name: 'Copy report' })).toBeTruthy();
    expect(isDisabled(screen.getByRole('button', { name: 'Run again' }))).toBe(false);
    expect(screen.queryByRole('button', { name: /Go to the License step/ })).toBeNull();
  });

  it('no outbound path points to the offline license; all good says "Network OK"', async () => {
    await renderPlanned();
    let { operationId } = await startRun();
    const down = { 'api.bitwarden.com': 'timeout', 'identity.bitwarden.com': 'timeout', 'push.bitwarden.com': 'timeout' } as const;
    await act(async () => run.release(reportFor(operationId, down, { noOutboundPath: true })));
    expect(screen.getByTestId('firewall-summary').textContent).toContain('No outbound path');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Go to the License step (offline license)' }));
    expect(useWizardStore.getState().currentStep).toBe('license');

    ({ operationId } = await startRun());
    await act(async () => run.release(reportFor(operationId, {}, { measuredFrom: 'server' })));
    expect(screen.getByTestId('firewall-summary').textContent).toContain('Network OK');
    expect(screen.getByTestId('measured-from').textContent).toMatch(/^Measured from the server \(connections the server opened through SSH forwarding/);
    expect(screen.queryAllByTestId('remediation')).toHaveLength(0);
  });

  it('a run that could not run says so with its code; a cancelled one says it was cancelled', async () => {
    install({
      [INVOKE.firewallRun]: (async () => {
        throw new CoreError('invalid-proxy', 'The proxy URL is not usable.', 'unusable-input');
      }) as HandlerTable[typeof INVOKE.firewallRun],
    });
    await renderPlanned();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Run check' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The check could not run.');
    expect(alert.textContent).toContain('invalid-proxy');
    expect(screen.getByTestId('firewall-progress').textContent).toBe('The check stopped.');
    cleanup();
    useWizardStore.setState(initialWizard, true);

    // Cancelled through the app's channel: the dispatcher answers `cancelled`.
    install({
      [INVOKE.firewallRun]: (async (request, context) => {
        const signal = context.trackOperation(request.operationId);
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(Object.assign(new Error('Cancelled'), { name: 'AbortError' }))));
        throw new Error('unreachable');
      }) as HandlerTable[typeof INVOKE.firewallRun],
    });
    await renderPlanned();
    await user.click(screen.getByRole('button', { name: 'Run check' }));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The check was cancelled.');
    expect(screen.getByTestId('firewall-progress').textContent).toBe('Cancelled.');
  });
});

describe('"Also test from the containers"', () => {
  const connected = () =>
    useServerStore.setState({ status: { kind: 'ssh', label: 'admin@bw.example:22', serverName: null, actingAs: 'bitwarden', hostKeyConfirmed: true } });

  it('is not offered on this computer', async () => {
    await renderPlanned();
    expect(screen.queryByRole('button', { name: /Also test from the containers/ })).toBeNull();
  });

  it('on a server: asks main (which asks the admin), streams results per container and beside each host, with what each proves', async () => {
    connected();
    const rows = await renderPlanned();
    expect(screen.getByText(/This check runs from the server's own network, not from inside its containers\./)).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Also test from the containers…' }));
    await waitFor(() => expect(containers.requests).toHaveLength(1));
    expect(containers.requests[0]).toEqual({ operationId: expect.stringMatching(/^containers-/), region: 'us' });
    const { operationId } = containers.requests[0]!;
    const results = containerResults();
    act(() => containers.emit(EVENTS.firewallContainerResult, { operationId, result: results[2]! }));
    expect(screen.getByTestId('container-run-progress').textContent).toBe('Running inside the containers… 1 of 8 finished.');
    // The HTTPS result for api.bitwarden.com sits in that host's row.
    const apiBeside = within(rows[0]!).getAllByTestId('container-verdict');
    expect(apiBeside).toHaveLength(1);
    expect(apiBeside[0]!.textContent).toContain('From the container bitwarden-api:');
    expect(apiBeside[0]!.textContent).toContain('proves that the daily billing and license sync can reach api.bitwarden.com over HTTPS');

    await act(async () => containers.release({ operationId, confirmed: true, server: 'admin@bw.example:22 as bitwarden', results }));
    expect(screen.getByTestId('container-run-summary').textContent).toBe('Ran on admin@bw.example:22 as bitwarden: 4 of 8 passed.');
    const identityBeside = within(rows[1]!).getAllByTestId('container-verdict');
    expect(identityBeside.map((li) => [li.getAttribute('data-container'), li.getAttribute('data-status')])).toEqual([
      ['bitwarden-api', 'pass'],
      ['bitwarden-admin', 'fail'],
    ]);
    expect(identityBeside[1]!.textContent).toContain('bitwarden-admin is not running');
    expect(identityBeside[1]!.textContent).toContain('would prove');
    // The push relay is not requested from the containers: nothing beside it.
    expect(within(rows[2]!).queryAllByTestId('container-verdict')).toHaveLength(0);
    expect(screen.getByRole('button', { name: 'Test from the containers again…' })).toBeTruthy();

    // Connected to another server since: those results are not this server's.
    act(() => useServerStore.setState({ status: { kind: 'ssh', label: 'admin@other.example:22', serverName: null, actingAs: null, hostKeyConfirmed: true } }));
    expect(screen.queryAllByTestId('container-verdict')).toHaveLength(0);
    expect(screen.queryByTestId('container-run-summary')).toBeNull();
    expect(screen.getByRole('button', { name: 'Also test from the containers…' })).toBeTruthy();
  });

  it('a no in main’s dialog: nothing ran, and the offer stays', async () => {
    connected();
    await renderPlanned();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Also test from the containers…' }));
    await waitFor(() => expect(containers.requests).toHaveLength(1));
    await act(async () => containers.release({ operationId: containers.requests[0]!.operationId, confirmed: false, server: 'admin@bw.example:22', results: [] }));
    expect(screen.getByText('Nothing was run: you did not allow it.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Also test from the containers…' })).toBeTruthy();
    expect(screen.queryAllByTestId('container-verdict')).toHaveLength(0);
  });
});

describe('"Give this proxy to the containers"', () => {
  /** An install handle as main issues them (the contract accepts only UUIDs). */
  const INSTALL_ID = '3f1c2b9e-7a4d-4e8f-9b6a-1c2d3e4f5a6b';
  const inspection = { installationId: 'id', cloudRegion: 'US', problems: [] } as unknown as InstallInspection;
  const plan: ProxyEnvPlan = {
    changed: true,
    file: '/opt/bitwarden/bwdata/env/global.override.env',
    diff: '+HTTPS_PROXY=http://***@proxy.corp.test:3128',
    problems: [],
    entries: [],
  };

  it('is offered only with an install, and needs a typed proxy', async () => {
    await renderPlanned();
    expect(screen.queryByRole('button', { name: 'Give this proxy to the containers…' })).toBeNull();
    cleanup();
    act(() => useWizardStore.setState({ install: { kind: 'read', folder: '/opt/bitwarden', installId: INSTALL_ID, install: inspection } }));
    await renderPlanned();
    expect(isDisabled(screen.getByRole('button', { name: 'Give this proxy to the containers…' }))).toBe(true);
    expect(screen.getByText('Type the proxy above first.')).toBeTruthy();
  });

  it('shows the diff first, writes only the confirmed diff, then points to applying it', async () => {
    const written: ProxyEnvResult = { ...plan, backup: '/opt/bitwarden/bwdata/env/global.override.env.bak-1' } as ProxyEnvResult;
    install({
      [INVOKE.firewallPlanProxyEnv]: async () => plan,
      [INVOKE.firewallWriteProxyEnv]: async () => written,
      [INVOKE.installInspect]: async () => inspection,
    });
    useWizardStore.setState({ install: { kind: 'read', folder: '/opt/bitwarden', installId: INSTALL_ID, install: inspection } });
    await renderPlanned();
    const user = userEvent.setup();
    await user.click(screen.getByText('Options: region, proxy, custom targets'));
    await user.type(screen.getByLabelText('Proxy (optional)'), 'http://user:Pa55@proxy.corp.test:3128');
    await user.click(screen.getByRole('button', { name: 'Give this proxy to the containers…' }));
    expect((await screen.findByTestId('diff-view')).textContent).toContain('HTTPS_PROXY=http://***@proxy.corp.test:3128');
    expect(callsTo(INVOKE.firewallPlanProxyEnv)[0]?.request).toEqual({ installId: INSTALL_ID, proxy: 'http://user:Pa55@proxy.corp.test:3128' });
    expect(callsTo(INVOKE.firewallWriteProxyEnv)).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Write it (with a backup)' }));
    expect((await screen.findByText(/Written to/)).textContent).toContain(plan.file);
    expect(callsTo(INVOKE.firewallWriteProxyEnv)[0]?.request).toEqual({ installId: INSTALL_ID, proxy: 'http://user:Pa55@proxy.corp.test:3128', confirmedDiff: plan.diff });
    expect(screen.getByText(/backup:/).textContent).toContain(written.backup);
    await user.click(screen.getByRole('button', { name: 'Apply it in the Cloud communication step' }));
    expect(useWizardStore.getState().currentStep).toBe('cloud-communication');
  });

  it('a refused write shows why and goes back to the offer', async () => {
    install({
      [INVOKE.firewallPlanProxyEnv]: async () => plan,
      [INVOKE.firewallWriteProxyEnv]: async () => {
        throw new CoreError('changed-during-edit', 'global.override.env changed since the diff was shown. Nothing was written.', 'problem');
      },
    });
    useWizardStore.setState({ install: { kind: 'read', folder: '/opt/bitwarden', installId: INSTALL_ID, install: inspection } });
    useWizardStore.getState().updateFirewallForm({ proxy: 'http://proxy.corp.test:3128' });
    await renderPlanned();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Give this proxy to the containers…' }));
    await user.click(await screen.findByRole('button', { name: 'Write it (with a backup)' }));
    expect((await screen.findByText(/changed since the diff was shown/)).textContent).toContain('Nothing was written.');
    await user.click(screen.getByRole('button', { name: 'OK' }));
    expect(isDisabled(screen.getByRole('button', { name: 'Give this proxy to the containers…' }))).toBe(false);
  });
});

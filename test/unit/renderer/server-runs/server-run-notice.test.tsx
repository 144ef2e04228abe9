// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerRunNotice } from '../../../../renderer/src/components/server-run-notice';
import { Stepper } from '../../../../renderer/src/components/stepper';
import { STAGE_RUNNERS, type StageOutcome } from '../../../../renderer/src/state/guided-run';
import { useWizardStore } from '../../../../renderer/src/state/wizard-store';
import { CloudCommunicationStep } from '../../../../renderer/src/steps/cloud-communication/cloud-communication-step';
import { GuidedRunScreen } from '../../../../renderer/src/steps/guided/guided-run-screen';
import { failed, ok, resetWizardStore } from '../support/fake-bridge';
import { INSTALL_HANDLE } from '../steps/license-fixtures';
import { attachedSummary, deferred, installServerBridge, leftRun, openInstallOnServer, SERVER_WORDS } from './server-runs-fixtures';

beforeEach(resetWizardStore);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** The app's layout as far as these tests need it: the step list and the notice beside whatever is on screen. */
function Shell() {
  const step = useWizardStore((state) => state.currentStep);
  const guided = useWizardStore((state) => state.guidedOnScreen);
  return (
    <>
      <aside>
        <Stepper />
        <ServerRunNotice />
      </aside>
      <main>{guided ? <GuidedRunScreen /> : step === 'cloud-communication' ? <CloudCommunicationStep /> : <h1>Connect</h1>}</main>
    </>
  );
}

function cloudStepStatus(): string {
  const item = within(screen.getByRole('navigation', { name: 'Setup steps' })).getByRole('button', { name: /^Cloud communication/ });
  return `${item.getAttribute('data-status')}: ${item.querySelector('.stepper-status')?.textContent}`;
}

describe('a restart left on the server, noticed when the install is opened', () => {
  it('is named beside the steps (method, start, server) without attaching; its button leads by keyboard to the live log on Cloud communication', async () => {
    const run = leftRun();
    const { bridge, attach, output } = installServerBridge([run]);
    render(<Shell />);
    await act(openInstallOnServer);

    const notice = await screen.findByTestId('server-run-notice');
    expect(notice.textContent).toContain(`A restart is running on ${SERVER_WORDS}, started ${new Date(run.startedAt).toLocaleString()} by another session.`);
    expect(cloudStepStatus()).toBe('in-progress: In progress…');
    // Only looked: attaching (which may run commands) waits for the admin.
    expect(bridge.cloud.applyRuns).toHaveBeenCalledWith(INSTALL_HANDLE.installId);
    expect(bridge.cloud.attach).not.toHaveBeenCalled();

    const user = userEvent.setup({ delay: null });
    within(notice).getByRole('button', { name: 'Follow its live log' }).focus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'Cloud communication', level: 1 })).toBeTruthy();
    await waitFor(() => expect(bridge.cloud.attach).toHaveBeenCalledWith(expect.objectContaining({ installId: INSTALL_HANDLE.installId, runId: run.id })));
    const operationId = bridge.cloud.attach.mock.calls[0]![0].operationId;
    act(() => output.listener!({ operationId, lines: [{ stream: 'stdout', text: 'stopping the stack', at: Date.now(), commandIndex: 0 }] }));
    expect(await screen.findByText('stopping the stack')).toBeTruthy();
    expect(screen.getByTestId('attached-run-notice').textContent).toContain('was still running on the server');
    // Beside the steps it now says the run is followed; no button to the screen already shown.
    expect(screen.getByTestId('server-run-notice').getAttribute('data-phase')).toBe('following');
    expect(within(screen.getByTestId('server-run-notice')).queryByRole('button')).toBeNull();

    await act(async () => attach.resolve(attachedSummary(run, 'ok')));
    await waitFor(() => expect(screen.queryByTestId('server-run-notice')).toBeNull());
    expect(cloudStepStatus()).toBe('done: Done');
    expect(bridge.cloud.apply).not.toHaveBeenCalled();
  });

  it('a restart that ended unseen and failed is said so, the step needs attention, and the button offers how it ended', async () => {
    const run = leftRun({ state: 'finished', exitCode: 1, endedAt: '2026-12-02T01:17:00.000Z' });
    installServerBridge([run]);
    render(<Shell />);
    await act(openInstallOnServer);
    const notice = await screen.findByTestId('server-run-notice');
    expect(notice.textContent).toContain(`ended while no one followed it, and failed.`);
    expect(within(notice).getByRole('button', { name: 'See how it ended' })).toBeTruthy();
    expect(cloudStepStatus()).toBe('needs-attention: Needs attention');
  });

  it('when following it fails (the admin said no, the link dropped), the notice stays on Cloud communication and follows it again on request', async () => {
    const run = leftRun();
    let attempts = 0;
    const { bridge } = installServerBridge([run], {
      cloud: {
        attach: async (request) => {
          attempts += 1;
          if (attempts === 1) return failed({ kind: 'unusable-input', code: 'install-not-confirmed', message: '/opt/bitwarden was typed, not chosen, and was not confirmed.' });
          return ok({ ...attachedSummary(run, 'ok'), operationId: request.operationId });
        },
      },
    });
    render(<Shell />);
    await act(openInstallOnServer);
    const user = userEvent.setup({ delay: null });
    await user.click(within(await screen.findByTestId('server-run-notice')).getByRole('button', { name: 'Follow its live log' }));
    const again = await within(await screen.findByTestId('server-run-notice')).findByRole('button', { name: 'Follow it again' });
    expect(cloudStepStatus()).toBe('in-progress: In progress…');
    await user.click(again);
    await waitFor(() => expect(screen.queryByTestId('server-run-notice')).toBeNull());
    expect(bridge.cloud.attach).toHaveBeenCalledTimes(2);
    expect(cloudStepStatus()).toBe('done: Done');
  });

  it('when the follow fails while the install is looked at again (the link dropped, then came back), the run is offered again', async () => {
    const run = leftRun();
    const attachAnswer = deferred<Awaited<ReturnType<typeof window.sponsorship.cloud.attach>>>();
    const secondLook = deferred<void>();
    let looks = 0;
    const { bridge } = installServerBridge([run], {
      cloud: {
        attach: () => attachAnswer.promise,
        applyRuns: async () => {
          looks += 1;
          if (looks === 2) await secondLook.promise;
          return ok({ runs: [{ ...run }] });
        },
      },
    });
    render(<Shell />);
    await act(openInstallOnServer);
    act(() => useWizardStore.getState().showStep('cloud-communication'));
    await waitFor(() => expect(bridge.cloud.attach).toHaveBeenCalledTimes(1));
    let reopened: Promise<void> = Promise.resolve();
    act(() => {
      reopened = openInstallOnServer();
    });
    await waitFor(() => expect(bridge.cloud.applyRuns).toHaveBeenCalledTimes(2));
    await act(async () => attachAnswer.resolve(failed({ kind: 'problem', code: 'connection-lost', message: 'The SSH connection to admin@vault.example.org was lost.' })));
    await act(async () => {
      secondLook.resolve();
      await reopened;
    });
    const notice = await screen.findByTestId('server-run-notice');
    expect(within(notice).getByRole('button', { name: 'Follow it again' })).toBeTruthy();
    expect(cloudStepStatus()).toBe('in-progress: In progress…');
  });

  it('looks again when the install is opened again (after a reconnect), and not for an install on this computer', async () => {
    const { bridge } = installServerBridge([]);
    render(<Shell />);
    await act(openInstallOnServer);
    await act(openInstallOnServer);
    expect(bridge.cloud.applyRuns).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('server-run-notice')).toBeNull();
    // Runs on this computer are not recorded: nothing to look for.
    await act(() => useWizardStore.getState().inspectInstall({ installId: 'id-local', folder: '/srv/bitwarden' }));
    expect(bridge.cloud.applyRuns).toHaveBeenCalledTimes(2);
  });
});

describe('the guided run with a restart left on the server', () => {
  /** The stages around Cloud communication are stubbed; the run stops at License so the test ends there. */
  function stubOtherStages(): StageOutcome {
    const stop: StageOutcome = { kind: 'problem', headline: 'License stub', problem: { code: 'stub', message: 'stub' }, fixStep: 'license' };
    vi.spyOn(STAGE_RUNNERS, 'firewall').mockResolvedValue({ kind: 'next' });
    vi.spyOn(STAGE_RUNNERS, 'license').mockResolvedValue(stop);
    return stop;
  }

  /** A restart left on the server, already followed by the Cloud communication step on screen. */
  async function followedOnCloudStep() {
    const stop = stubOtherStages();
    const run = leftRun();
    const { bridge, attach } = installServerBridge([run]);
    render(<Shell />);
    await act(openInstallOnServer);
    act(() => useWizardStore.getState().showStep('cloud-communication'));
    await waitFor(() => expect(bridge.cloud.attach).toHaveBeenCalledTimes(1));
    return { stop, run, bridge, attach };
  }

  it('follows it instead of starting another, and says it waits for it, with the notice still beside the steps', async () => {
    const stop = stubOtherStages();
    const run = leftRun();
    const { bridge, attach } = installServerBridge([run]);
    render(<Shell />);
    await act(openInstallOnServer);
    act(() => {
      useWizardStore.getState().showGuided();
      void useWizardStore.getState().runGuided();
    });

    const note = await screen.findByTestId('guided-running-note');
    await waitFor(() => expect(note.textContent).toContain(`Waiting for the restart that was already running on ${SERVER_WORDS} to end`));
    expect(bridge.cloud.attach).toHaveBeenCalledWith(expect.objectContaining({ runId: run.id }));
    const notice = screen.getByTestId('server-run-notice');
    expect(notice.getAttribute('data-phase')).toBe('following');
    expect(within(notice).getByRole('button', { name: 'Show its live log' })).toBeTruthy();
    expect(cloudStepStatus()).toBe('in-progress: Running…');

    await act(async () => attach.resolve(attachedSummary(run, 'ok')));
    await waitFor(() => expect(useWizardStore.getState().guided).toEqual({ kind: 'stopped', stage: 'license', stop }));
    expect(document.querySelector('[data-stage="cloud-communication"]')?.getAttribute('data-state')).toBe('done');
    expect(bridge.cloud.apply).not.toHaveBeenCalled();
  });

  it('waits for the run the Cloud communication step already follows, instead of attaching a second time or restarting', async () => {
    const { stop, run, bridge, attach } = await followedOnCloudStep();
    let guidedDone: Promise<void> = Promise.resolve();
    act(() => {
      guidedDone = useWizardStore.getState().runGuided();
    });
    await waitFor(() => expect(useWizardStore.getState().guided).toEqual({ kind: 'running', stage: 'cloud-communication' }));
    await act(async () => {
      attach.resolve(attachedSummary(run, 'ok'));
      await guidedDone;
    });
    expect(useWizardStore.getState().guided).toEqual({ kind: 'stopped', stage: 'license', stop });
    expect(bridge.cloud.attach).toHaveBeenCalledTimes(1);
    expect(bridge.cloud.apply).not.toHaveBeenCalled();
  });

  it('after a reconnect finds the run it already follows again, waits for that same follow instead of going on to the edit', async () => {
    const { stop, run, bridge, attach } = await followedOnCloudStep();
    // The link dropped and came back: the install is opened again and the same run is found again (a fresh copy, as over IPC).
    await act(openInstallOnServer);
    expect(bridge.cloud.applyRuns).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('server-run-notice').getAttribute('data-phase')).toBe('following');
    // The step on screen works out its diff by itself; the guided run must not plan its edit while the restart runs.
    const plannedByStep = bridge.cloud.planEnable.mock.calls.length;
    let guidedDone: Promise<void> = Promise.resolve();
    act(() => {
      guidedDone = useWizardStore.getState().runGuided();
    });
    await waitFor(() => expect(useWizardStore.getState().guided).toEqual({ kind: 'running', stage: 'cloud-communication' }));
    // Give the stage every chance to run ahead while the restart still runs.
    await act(async () => {
      for (let turn = 0; turn < 20; turn += 1) await Promise.resolve();
    });
    expect(bridge.cloud.planEnable).toHaveBeenCalledTimes(plannedByStep);
    expect(useWizardStore.getState().guided).toEqual({ kind: 'running', stage: 'cloud-communication' });
    await act(async () => {
      attach.resolve(attachedSummary(run, 'ok'));
      await guidedDone;
    });
    expect(useWizardStore.getState().guided).toEqual({ kind: 'stopped', stage: 'license', stop });
    expect(bridge.cloud.attach).toHaveBeenCalledTimes(1);
    expect(bridge.cloud.apply).not.toHaveBeenCalled();
  });

  it('stops at Cloud communication with the run’s own problem when the restart it followed failed, and starts none itself', async () => {
    stubOtherStages();
    const run = leftRun();
    const { bridge, attach } = installServerBridge([run]);
    render(<Shell />);
    await act(openInstallOnServer);
    await act(async () => {
      const guided = useWizardStore.getState().runGuided();
      attach.resolve(attachedSummary(run, 'failed'));
      await guided;
    });
    const guided = useWizardStore.getState().guided;
    expect(guided.kind === 'stopped' && guided.stage).toBe('cloud-communication');
    expect(guided.kind === 'stopped' && guided.stop.kind === 'problem' && guided.stop.headline).toBe('The restart that was running on your server did not finish.');
    expect(guided.kind === 'stopped' && guided.stop.kind === 'problem' && guided.stop.problem.code).toBe('command-failed');
    expect(bridge.cloud.apply).not.toHaveBeenCalled();
    expect(cloudStepStatus()).toBe('needs-attention: Stopped: needs a fix');
  });
});

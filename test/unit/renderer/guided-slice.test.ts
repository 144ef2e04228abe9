import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GUIDED_STAGES, STAGE_RUNNERS, type GuidedStage, type StageOutcome } from '../../../renderer/src/state/guided-run';
import { useWizardStore } from '../../../renderer/src/state/wizard-store';

/** The stages' own work is stubbed: these tests are about the run's order, stops and resumption. */
const calls: GuidedStage[] = [];
const answers = new Map<GuidedStage, StageOutcome>();

beforeEach(() => {
  calls.length = 0;
  answers.clear();
  for (const stage of GUIDED_STAGES) {
    vi.spyOn(STAGE_RUNNERS, stage).mockImplementation(async () => {
      calls.push(stage);
      return answers.get(stage) ?? { kind: 'next' };
    });
  }
  useWizardStore.setState({ guided: { kind: 'idle' } });
});
afterEach(() => vi.restoreAllMocks());

describe('the guided run', () => {
  it('runs every stage in order and finishes', async () => {
    await useWizardStore.getState().runGuided();
    expect(calls).toEqual([...GUIDED_STAGES]);
    expect(useWizardStore.getState().guided).toEqual({ kind: 'finished' });
  });

  it('stops at the stage that failed, with its fix, and Continue resumes there (earlier stages are not run again)', async () => {
    const problem: StageOutcome = { kind: 'problem', headline: 'The license was not uploaded.', problem: { code: 'vault-unreachable', message: 'm' }, fixStep: 'license' };
    answers.set('license', problem);
    await useWizardStore.getState().runGuided();
    expect(calls).toEqual(['firewall', 'cloud-communication', 'license']);
    expect(useWizardStore.getState().guided).toEqual({ kind: 'stopped', stage: 'license', stop: problem });

    answers.delete('license');
    calls.length = 0;
    await useWizardStore.getState().runGuided();
    expect(calls).toEqual(['license', 'billing-sync', 'sync-verify']);
    expect(useWizardStore.getState().guided.kind).toBe('finished');
  });

  it('waits for the admin where a decision is needed and does not run later stages meanwhile', async () => {
    answers.set('cloud-communication', { kind: 'confirm-env' });
    await useWizardStore.getState().runGuided();
    expect(calls).toEqual(['firewall', 'cloud-communication']);
    expect(useWizardStore.getState().guided).toEqual({ kind: 'stopped', stage: 'cloud-communication', stop: { kind: 'confirm-env' } });
  });

  it('a token prompt answered elsewhere is ignored unless the run waits for it', async () => {
    await useWizardStore.getState().submitGuidedVerification({ kind: 'master-password', masterPassword: 'x' });
    expect(calls).toEqual([]);
    expect(useWizardStore.getState().guided.kind).toBe('idle');
  });
});

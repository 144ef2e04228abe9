import type { StateCreator } from 'zustand';
import type { TokenVerificationInput } from '../../../preload/api/billing-sync-api';
import { fetchTokenAndSave, GUIDED_STAGES, STAGE_RUNNERS, writeAndRestart, type GuidedStage, type GuidedStop, type StageOutcome } from './guided-run';
import type { WizardStore } from './wizard-store';

/**
 * "Set up everything": the stages after Connect in order, stopping only where the admin decides or
 * types, or at a problem (with the step that fixes it). "Continue" resumes at the stage it stopped in.
 */
export type GuidedState =
  | { kind: 'idle' }
  | { kind: 'running'; stage: GuidedStage }
  | { kind: 'stopped'; stage: GuidedStage; stop: GuidedStop }
  | { kind: 'finished' };

export interface GuidedSlice {
  guided: GuidedState;
  /** Runs from the first stage (finished stages are skipped), or resumes where it stopped. */
  runGuided(): Promise<void>;
  /** The env change was confirmed: write it, restart, and go on. */
  confirmGuidedEnv(): Promise<void>;
  /** The master password (or e-mailed code) for the token: passed through once, never kept. */
  submitGuidedVerification(verification: TokenVerificationInput): Promise<void>;
  /** Leaves the run (every step stays available on its own). */
  closeGuided(): void;
}

export const createGuidedSlice: StateCreator<WizardStore, [], [], GuidedSlice> = (set, get) => {
  const store = { get };
  /** Applies a stage's outcome; true when the run may go on to the next stage. */
  const settle = (stage: GuidedStage, outcome: StageOutcome): boolean => {
    if (outcome.kind === 'next') return true;
    console.info(`[guided] stopped at ${stage}: ${outcome.kind === 'problem' ? outcome.problem.code : outcome.kind}`);
    set({ guided: { kind: 'stopped', stage, stop: outcome } });
    return false;
  };
  const runFrom = async (first: GuidedStage) => {
    for (const stage of GUIDED_STAGES.slice(GUIDED_STAGES.indexOf(first))) {
      set({ guided: { kind: 'running', stage } });
      console.info(`[guided] running ${stage}`);
      if (!settle(stage, await STAGE_RUNNERS[stage](store))) return;
    }
    set({ guided: { kind: 'finished' } });
    console.info('[guided] finished');
  };
  const resumeAfter = async (stage: GuidedStage, outcome: StageOutcome) => {
    if (!settle(stage, outcome)) return;
    const next = GUIDED_STAGES[GUIDED_STAGES.indexOf(stage) + 1];
    if (next) await runFrom(next);
    else set({ guided: { kind: 'finished' } });
  };

  return {
    guided: { kind: 'idle' },
    async runGuided() {
      const current = get().guided;
      if (current.kind === 'running') return;
      await runFrom(current.kind === 'stopped' ? current.stage : GUIDED_STAGES[0]);
    },
    async confirmGuidedEnv() {
      const current = get().guided;
      if (current.kind !== 'stopped' || current.stop.kind !== 'confirm-env') return;
      set({ guided: { kind: 'running', stage: 'cloud-communication' } });
      await resumeAfter('cloud-communication', await writeAndRestart(store));
    },
    async submitGuidedVerification(verification) {
      const current = get().guided;
      if (current.kind !== 'stopped' || current.stop.kind !== 'token-verification') return;
      set({ guided: { kind: 'running', stage: 'billing-sync' } });
      await resumeAfter('billing-sync', await fetchTokenAndSave(store, verification));
    },
    closeGuided() {
      if (get().guided.kind !== 'running') set({ guided: { kind: 'idle' } });
    },
  };
};

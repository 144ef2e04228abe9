import type { StateCreator } from 'zustand';
import type { ApplyRun } from '../../../main/core/runner';
import type { IpcError } from '../../../main/ipc';
import type { WizardStore } from './wizard-store';

/**
 * Apply runs found on the install's server when it is opened: one left running (or ended unseen) by
 * another process — the app before a restart, a killed CLI, a dropped link. Checked once per install.
 */
export type ServerRunsState =
  | { kind: 'unchecked' }
  | { kind: 'checking'; installId: string }
  | { kind: 'checked'; installId: string; found: ApplyRun | null }
  | { kind: 'failed'; installId: string; error: IpcError };

export interface ServerRunsSlice {
  serverRuns: ServerRunsState;
  /** Looks for such a run and, when there is one, re-attaches to it with its live log. */
  checkServerRuns(installId: string): Promise<void>;
}

export const createServerRunsSlice: StateCreator<WizardStore, [], [], ServerRunsSlice> = (set, get) => ({
  serverRuns: { kind: 'unchecked' },

  async checkServerRuns(installId) {
    const current = get().serverRuns;
    if (current.kind !== 'unchecked' && current.installId === installId) return;
    set({ serverRuns: { kind: 'checking', installId } });
    const result = await window.sponsorship.cloud.applyRuns(installId);
    if (!result.ok) {
      set({ serverRuns: { kind: 'failed', installId, error: result.error } });
      return;
    }
    // The running one first; else the newest that ended while nobody followed it.
    const found = result.value.runs.find((run) => run.state === 'running') ?? result.value.runs[0] ?? null;
    set({ serverRuns: { kind: 'checked', installId, found } });
    if (found && get().cloudApply.kind !== 'loading') {
      console.info(`[cloud] re-attaching to run ${found.id} (${found.method}, ${found.state}) left on the server`);
      await get().runApply(installId, found);
    }
  },
});

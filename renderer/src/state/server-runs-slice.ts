import type { StateCreator } from 'zustand';
import type { ApplyRun } from '../../../main/core/runner';
import type { IpcError } from '../../../main/ipc';
import type { WizardStore } from './wizard-store';

/**
 * Apply runs found on the install's server when it is opened: one left running (or ended unseen) by
 * another process — the app before a restart, a killed CLI, a dropped link. Checked once each time an
 * install is opened (not on the re-reads after an edit); `server` names where, for the notice.
 * `followed` turns true once this session attached to `found` (its log is then on Cloud communication).
 */
export type ServerRunsState =
  | { kind: 'unchecked' }
  | { kind: 'checking'; installId: string; server: string | null }
  | { kind: 'checked'; installId: string; server: string | null; found: ApplyRun | null; followed: boolean }
  | { kind: 'failed'; installId: string; server: string | null; error: IpcError };

export interface ServerRunsSlice {
  serverRuns: ServerRunsState;
  /**
   * Looks on the server for such a run, without attaching (attaching may need the admin's yes to run
   * commands). `server` is how the notice names the server (e.g. `admin@vault.example.org`).
   * With `again`, looks even if this install was checked before (it was opened again).
   */
  checkServerRuns(installId: string, options?: { server?: string | null; again?: boolean }): Promise<void>;
  /**
   * Follows the run found for this install with its live log (Cloud communication, the guided run),
   * checking first if needed; when it is already being followed, waits for its end. Resolves to the
   * run followed here, or null when there was none left to follow.
   */
  followServerRun(installId: string): Promise<ApplyRun | null>;
  /** Resolves once no apply is running in this window (right away when none is). */
  applySettled(): Promise<void>;
}

/** The check under way, so a caller arriving meanwhile waits for its answer instead of asking again. */
let inFlight: { installId: string; promise: Promise<void> } | null = null;

export const createServerRunsSlice: StateCreator<WizardStore, [], [], ServerRunsSlice> = (set, get, api) => {
  const ask = async (installId: string, server: string | null) => {
    set({ serverRuns: { kind: 'checking', installId, server } });
    const result = await window.sponsorship.cloud.applyRuns(installId);
    const current = get().serverRuns;
    // Another install may have been opened meanwhile: keep only the latest.
    if (current.kind !== 'checking' || current.installId !== installId) return;
    if (!result.ok) {
      console.warn(`[cloud] could not look for runs left on the server: ${result.error.code}`);
      set({ serverRuns: { kind: 'failed', installId, server, error: result.error } });
      return;
    }
    // The running one first; else the newest that ended while nobody followed it.
    const found = result.value.runs.find((run) => run.state === 'running') ?? result.value.runs[0] ?? null;
    if (found) console.info(`[cloud] found run ${found.id} (${found.method}, ${found.state}) left on ${server ?? 'the server'}`);
    set({ serverRuns: { kind: 'checked', installId, server, found, followed: false } });
  };

  return {
    serverRuns: { kind: 'unchecked' },

    checkServerRuns(installId, options = {}) {
      if (inFlight?.installId === installId) return inFlight.promise;
      const current = get().serverRuns;
      if (!options.again && current.kind !== 'unchecked' && current.installId === installId) return Promise.resolve();
      const server = options.server ?? (current.kind !== 'unchecked' && current.installId === installId ? current.server : null);
      const promise = ask(installId, server).finally(() => {
        if (inFlight?.promise === promise) inFlight = null;
      });
      inFlight = { installId, promise };
      return promise;
    },

    applySettled() {
      if (get().cloudApply.kind !== 'loading') return Promise.resolve();
      return new Promise((resolve) => {
        const stop = api.subscribe((state) => {
          if (state.cloudApply.kind === 'loading') return;
          stop();
          resolve();
        });
      });
    },

    async followServerRun(installId) {
      await get().checkServerRuns(installId);
      const found = leftOverRun(get(), installId)?.run;
      if (!found) return null;
      // Something else runs in this window (the admin's own apply): never a second apply beside it.
      const before = get().cloudApply;
      if (before.kind === 'loading' && before.input.attachedRunId !== found.id) await get().applySettled();
      // Read again after any wait: another caller (the step on screen, the guided run) may have started following it.
      const runs = get().serverRuns;
      if (runs.kind !== 'checked' || runs.found !== found) return null;
      if (runs.followed) {
        // Already followed here: wait for its end while it is still on screen.
        const apply = get().cloudApply;
        if (apply.kind !== 'loading' || apply.input.attachedRunId !== found.id) return null;
        await get().applySettled();
        return found;
      }
      set({ serverRuns: { ...runs, followed: true } });
      console.info(`[cloud] re-attaching to run ${found.id} (${found.method}, ${found.state}) left on the server`);
      await get().runApply(installId, found);
      const after = get().serverRuns;
      // Not followed after all (the admin said no, the link dropped): the notice stays and it is offered again.
      if (get().cloudApply.kind === 'failed' && after.kind === 'checked' && after.found === found) set({ serverRuns: { ...after, followed: false } });
      return found;
    },
  };
};

/** The run left on the server for the install on screen, when there is one the admin should know about. */
export function leftOverRun(state: Pick<WizardStore, 'serverRuns'>, installId: string | null): { run: ApplyRun; server: string | null; followed: boolean } | null {
  const runs = state.serverRuns;
  if (runs.kind !== 'checked' || runs.found === null || runs.installId !== installId) return null;
  return { run: runs.found, server: runs.server, followed: runs.followed };
}

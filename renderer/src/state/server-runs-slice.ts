import type { StateCreator, StoreApi } from 'zustand';
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

type Store = StoreApi<WizardStore>;

export const createServerRunsSlice: StateCreator<WizardStore, [], [], ServerRunsSlice> = (_set, get, api) => ({
  serverRuns: { kind: 'unchecked' },

  checkServerRuns(installId, options = {}) {
    if (inFlight?.installId === installId) return inFlight.promise;
    const current = get().serverRuns;
    if (!options.again && current.kind !== 'unchecked' && current.installId === installId) return Promise.resolve();
    const server = options.server ?? (current.kind !== 'unchecked' && current.installId === installId ? current.server : null);
    const promise = lookForRuns(api, installId, server).finally(() => {
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

  followServerRun: (installId) => followRun(api, installId),
});

/** True while this window's apply is the attach to run `runId`. */
function attachedTo(state: WizardStore, runId: string): boolean {
  return state.cloudApply.kind === 'loading' && state.cloudApply.input.attachedRunId === runId;
}

/** True when this window's last apply was an attach to run `runId` that failed (refused, link dropped). */
function followFailed(state: WizardStore, runId: string): boolean {
  return state.cloudApply.kind === 'failed' && state.cloudApply.input.attachedRunId === runId;
}

async function lookForRuns(store: Store, installId: string, server: string | null): Promise<void> {
  const before = store.getState().serverRuns;
  const followedId = before.kind === 'checked' && before.installId === installId && before.followed ? before.found?.id : undefined;
  store.setState({ serverRuns: { kind: 'checking', installId, server } });
  const result = await window.sponsorship.cloud.applyRuns(installId);
  const current = store.getState().serverRuns;
  // Another install may have been opened meanwhile: keep only the latest.
  if (current.kind !== 'checking' || current.installId !== installId) return;
  if (!result.ok) {
    console.warn(`[cloud] could not look for runs left on the server: ${result.error.code}`);
    store.setState({ serverRuns: { kind: 'failed', installId, server, error: result.error } });
    return;
  }
  // The running one first; else the newest that ended while nobody followed it.
  const found = result.value.runs.find((run) => run.state === 'running') ?? result.value.runs[0] ?? null;
  if (found) console.info(`[cloud] found run ${found.id} (${found.method}, ${found.state}) left on ${server ?? 'the server'}`);
  // Found again (the install opened again after a reconnect) while this window follows it, or followed it
  // to its end: it stays followed, so nobody attaches a second time or takes it for a new one. Unless the
  // follow failed meanwhile (the link dropped): then it is offered again.
  const state = store.getState();
  const followed = found !== null && (attachedTo(state, found.id) || (found.id === followedId && !followFailed(state, found.id)));
  store.setState({ serverRuns: { kind: 'checked', installId, server, found, followed } });
}

/**
 * Each decision is taken right after reading the state, with no wait in between, so two callers (the
 * step on screen, the guided run) never both attach, and a run found again after a reconnect is waited on.
 */
async function followRun(store: Store, installId: string): Promise<ApplyRun | null> {
  for (;;) {
    const left = await leftOn(store, installId);
    if (!left) return null;
    const state = store.getState();
    if (attachedTo(state, left.run.id)) {
      // Already followed here: wait for its end while it is still on screen.
      markFollowed(store, left.run.id, true);
      await state.applySettled();
      return left.run;
    }
    // Something else runs in this window (the admin's own apply): never a second apply beside it; look again once it ended.
    if (state.cloudApply.kind === 'loading') {
      await state.applySettled();
      continue;
    }
    // Followed here to its end already.
    if (left.followed) return null;
    return attach(store, installId, left.run);
  }
}

async function attach(store: Store, installId: string, run: ApplyRun): Promise<ApplyRun> {
  markFollowed(store, run.id, true);
  console.info(`[cloud] re-attaching to run ${run.id} (${run.method}, ${run.state}) left on the server`);
  await store.getState().runApply(installId, run);
  // Not followed after all (the admin said no, the link dropped): the notice stays and it is offered again.
  if (store.getState().cloudApply.kind === 'failed') markFollowed(store, run.id, false);
  return run;
}

/** The run left on the server for the install, checking first if needed (or waiting for the check under way). */
async function leftOn(store: Store, installId: string): Promise<ReturnType<typeof leftOverRun>> {
  await store.getState().checkServerRuns(installId);
  return leftOverRun(store.getState(), installId);
}

function markFollowed(store: Store, runId: string, followed: boolean): void {
  const runs = store.getState().serverRuns;
  if (runs.kind === 'checked' && runs.found?.id === runId && runs.followed !== followed) store.setState({ serverRuns: { ...runs, followed } });
}

/** The run left on the server for the install on screen, when there is one the admin should know about. */
export function leftOverRun(state: Pick<WizardStore, 'serverRuns'>, installId: string | null): { run: ApplyRun; server: string | null; followed: boolean } | null {
  const runs = state.serverRuns;
  if (runs.kind !== 'checked' || runs.found === null || runs.installId !== installId) return null;
  return { run: runs.found, server: runs.server, followed: runs.followed };
}

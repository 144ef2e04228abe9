import type { StateCreator } from 'zustand';
import type { ApplyMethod, ApplyRun } from '../../../main/core/runner';
import type { EnableCloudPlan, EnvEditResult, RestoreResult } from '../../../main/core/install';
import type { IpcError } from '../../../main/ipc';
import type { ApplyMethodOption, CloudApplyLine, CloudApplySummary } from '../../../main/ipc/contracts/cloud-contract';
import { idle, loading, settled, type AsyncState } from './async-state';
import type { WizardStore } from './wizard-store';

export type { ApplyMethod };

/**
 * The edit of global.override.env: more phases than AsyncState's four (plan, write, then undo), so it
 * keeps its own union. Each phase carries exactly its data, and every phase names the
 * install (by its handle) it belongs to, so a screen never shows a diff or backup of another install.
 */
export type CloudEditState =
  | { kind: 'idle' }
  | { kind: 'planning'; installId: string; fixRegion: boolean }
  | { kind: 'planned'; installId: string; fixRegion: boolean; addAdmin?: string; plan: EnableCloudPlan }
  | { kind: 'writing'; installId: string; fixRegion: boolean; addAdmin?: string; plan: EnableCloudPlan }
  | { kind: 'written'; installId: string; result: EnvEditResult }
  | { kind: 'restoring'; installId: string; result: EnvEditResult }
  | { kind: 'restored'; installId: string; restore: RestoreResult }
  | { kind: 'failed'; installId: string; fixRegion: boolean; action: 'plan' | 'write' | 'restore'; error: IpcError };

/** The three ways to apply, worked out for the install (commands to show and copy); the input is its handle. */
export type ApplyMethodsState = AsyncState<ApplyMethodOption[], string>;

/** One run of bitwarden.sh (or docker compose): on which install, how, and its id (to cancel it). */
export interface ApplyOperation {
  installId: string;
  method: ApplyMethod;
  operationId: string;
  startedAt: number;
  /** Set when this screen attached to a run another process started on the server. */
  attachedRunId?: string;
}

/** A run and its summary. The log lines live in `applyLog`, outside this state. */
export type CloudApplyState = AsyncState<CloudApplySummary, ApplyOperation>;

/**
 * The live log. `lines` is appended in place (a run can print hundreds of thousands of lines;
 * copying the array per batch would freeze the UI); `version` changes when it grew, so components
 * subscribe to `version`.
 */
export interface ApplyLog {
  operationId: string | null;
  lines: CloudApplyLine[];
  /** Lines dropped from the front to keep memory bounded (the log file has them all). */
  dropped: number;
  version: number;
}

/** Lines kept in memory for the view; older ones are in the log file. */
export const MAX_LOG_LINES = 100_000;
/** The view is refreshed at most this often while lines stream in. */
const LOG_REFRESH_MS = 100;

export interface CloudSlice {
  cloudEdit: CloudEditState;
  applyMethods: ApplyMethodsState;
  selectedApplyMethod: ApplyMethod;
  cloudApply: CloudApplyState;
  /** True once Cancel was pressed for the running apply (until it ends). */
  applyCancelling: boolean;
  applyLog: ApplyLog;
  /** Works out the diff for the install on screen (re-run after the file or `fixRegion` changed). */
  planCloudEdit(installId: string, fixRegion: boolean, addAdmin?: string): Promise<void>;
  /** Writes the planned change the admin confirmed, then re-reads the install. */
  confirmCloudEdit(): Promise<void>;
  /** Undo: puts the backup made by the last write back, then re-reads the install. */
  undoCloudEdit(): Promise<void>;
  loadApplyMethods(installId: string): Promise<void>;
  selectApplyMethod(method: ApplyMethod): void;
  /**
   * Runs the selected method with a live log; re-reads the install afterwards. With `attach`, follows
   * that run left on the server (by another process) instead, with the same live log and result.
   */
  runApply(installId: string, attach?: ApplyRun): Promise<void>;
  cancelApply(): Promise<void>;
}

let operationCounter = 0;
let unsubscribeOutput: (() => void) | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;

export const createCloudSlice: StateCreator<WizardStore, [], [], CloudSlice> = (set, get) => {
  const bumpLog = () => {
    refreshTimer = null;
    const log = get().applyLog;
    set({ applyLog: { ...log, version: log.version + 1 } });
  };
  const appendLines = (operationId: string, lines: CloudApplyLine[]) => {
    const log = get().applyLog;
    if (log.operationId !== operationId) return;
    for (const line of lines) log.lines.push(line);
    if (log.lines.length > MAX_LOG_LINES) {
      const extra = log.lines.length - MAX_LOG_LINES;
      log.lines.splice(0, extra);
      log.dropped += extra;
    }
    refreshTimer ??= setTimeout(bumpLog, LOG_REFRESH_MS);
  };

  return {
    cloudEdit: { kind: 'idle' },
    applyMethods: idle,
    selectedApplyMethod: 'restart',
    cloudApply: idle,
    applyCancelling: false,
    applyLog: { operationId: null, lines: [], dropped: 0, version: 0 },

    async planCloudEdit(installId, fixRegion, addAdmin) {
      set({ cloudEdit: { kind: 'planning', installId, fixRegion } });
      const result = await window.sponsorship.cloud.planEnable({ installId, fixRegion, addAdmin });
      const current = get().cloudEdit;
      // A newer plan (other installId, checkbox toggled) may have started meanwhile: keep only the latest.
      if (current.kind !== 'planning' || current.installId !== installId || current.fixRegion !== fixRegion) return;
      set({
        cloudEdit: result.ok
          ? { kind: 'planned', installId, fixRegion, ...(addAdmin ? { addAdmin } : {}), plan: result.value }
          : { kind: 'failed', installId, fixRegion, action: 'plan', error: result.error },
      });
    },

    async confirmCloudEdit() {
      const current = get().cloudEdit;
      if (current.kind !== 'planned' || !current.plan.changed) return;
      const { installId, fixRegion, addAdmin, plan } = current;
      set({ cloudEdit: { ...current, kind: 'writing' } });
      const result = await window.sponsorship.cloud.enable({ installId, confirmedDiff: plan.diff, fixRegion, addAdmin });
      set({
        cloudEdit: result.ok ? { kind: 'written', installId, result: result.value } : { kind: 'failed', installId, fixRegion, action: 'write', error: result.error },
      });
      await get().refreshInstall();
    },

    async undoCloudEdit() {
      const current = get().cloudEdit;
      if (current.kind !== 'written' || current.result.backup === null) return;
      const { installId, result: written } = current;
      set({ cloudEdit: { kind: 'restoring', installId, result: written } });
      // Main takes a backup by name, one listed beside the env file.
      const backupName = written.backup?.split(/[\\/]/).pop();
      const result = await window.sponsorship.cloud.restore({ installId, backupName });
      set({
        cloudEdit: result.ok ? { kind: 'restored', installId, restore: result.value } : { kind: 'failed', installId, fixRegion: false, action: 'restore', error: result.error },
      });
      await get().refreshInstall();
    },

    async loadApplyMethods(installId) {
      const asking = loading(installId);
      set({ applyMethods: asking });
      const result = await window.sponsorship.cloud.planApply(installId);
      // A newer request (another install) may have started meanwhile: keep only the latest.
      if (get().applyMethods !== asking) return;
      if (!result.ok) return set({ applyMethods: settled(result, installId) });
      const methods = result.value.methods;
      const selected = get().selectedApplyMethod;
      // Keep the admin's choice if it can run here; else the first that can (restart by default).
      const usable = methods.find((m) => m.method === selected && m.unavailable === null) ?? methods.find((m) => m.unavailable === null);
      set({ applyMethods: settled({ ok: true, value: methods }, installId), selectedApplyMethod: usable?.method ?? selected });
    },

    selectApplyMethod(method) {
      if (get().cloudApply.kind === 'loading') return;
      console.info(`[cloud] apply method chosen: ${method}`);
      set({ selectedApplyMethod: method });
    },

    async runApply(installId, attach) {
      if (get().cloudApply.kind === 'loading') return;
      const run: ApplyOperation = attach
        ? { installId, method: attach.method, operationId: `apply-${Date.now()}-${++operationCounter}`, startedAt: Date.parse(attach.startedAt) || Date.now(), attachedRunId: attach.id }
        : { installId, method: get().selectedApplyMethod, operationId: `apply-${Date.now()}-${++operationCounter}`, startedAt: Date.now() };
      const { method, operationId } = run;
      if (refreshTimer) clearTimeout(refreshTimer);
      refreshTimer = null;
      set({
        applyLog: { operationId, lines: [], dropped: 0, version: get().applyLog.version + 1 },
        cloudApply: loading(run),
        applyCancelling: false,
      });
      unsubscribeOutput?.();
      unsubscribeOutput = window.sponsorship.cloud.onApplyOutput((output) => appendLines(output.operationId, output.lines));
      try {
        const result = attach ? await window.sponsorship.cloud.attach({ installId, runId: attach.id, operationId }) : await window.sponsorship.cloud.apply({ installId, method, operationId });
        set({ cloudApply: settled(result, run), applyCancelling: false });
      } finally {
        unsubscribeOutput?.();
        unsubscribeOutput = null;
        if (refreshTimer) clearTimeout(refreshTimer);
        bumpLog();
      }
      await get().refreshInstall();
    },

    async cancelApply() {
      const current = get().cloudApply;
      if (current.kind !== 'loading' || get().applyCancelling) return;
      set({ applyCancelling: true });
      await window.sponsorship.app.cancelOperation(current.input.operationId);
    },
  };
};

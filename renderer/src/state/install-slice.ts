import type { StateCreator } from 'zustand';
import type { InstallInspection, IpcError } from '../../../main/ipc';
import type { WizardStore } from './wizard-store';

/**
 * What the Connect step knows about the install. A discriminated union: each phase carries exactly
 * the data that exists in it, so a screen cannot show a stale install while a new one is read.
 */
export type InstallState =
  | { kind: 'none' }
  | { kind: 'reading'; folder: string }
  | { kind: 'read'; folder: string; install: InstallInspection }
  | { kind: 'failed'; folder: string; error: IpcError };

export interface InstallSlice {
  install: InstallState;
  inspectInstall(folder: string): Promise<void>;
  /** Opens the native picker and reads the chosen folder; resolves to it (null when cancelled). */
  pickInstallFolder(): Promise<string | null>;
  /** Re-reads the current install (after an edit or an apply). */
  refreshInstall(): Promise<void>;
}

export const createInstallSlice: StateCreator<WizardStore, [], [], InstallSlice> = (set, get) => ({
  install: { kind: 'none' },
  async inspectInstall(folder) {
    set({ install: { kind: 'reading', folder } });
    const result = await window.sponsorship.install.inspect(folder);
    // A newer request may have started while this one ran; keep only the latest.
    const current = get().install;
    if (current.kind !== 'reading' || current.folder !== folder) return;
    set({ install: result.ok ? { kind: 'read', folder, install: result.value } : { kind: 'failed', folder, error: result.error } });
  },
  async pickInstallFolder() {
    const result = await window.sponsorship.install.pickFolder();
    const folder = result.ok ? result.value.folder : null;
    if (folder) await get().inspectInstall(folder);
    return folder;
  },
  async refreshInstall() {
    const current = get().install;
    if (current.kind !== 'none') await get().inspectInstall(current.folder);
  },
});

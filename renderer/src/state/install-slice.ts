import type { StateCreator } from 'zustand';
import type { InstallInspection, IpcError } from '../../../main/ipc';
import type { WizardStore } from './wizard-store';

/**
 * What the Connect step knows about the install. A discriminated union: each phase carries exactly
 * the data that exists in it. A re-read of the same folder (after an edit or an apply) keeps the
 * previous inspection in `previous`, so the stepper and the screens keep showing it instead of
 * flickering to "not started"; reading another folder carries none, so a stale install is never shown.
 */
export type InstallState =
  | { kind: 'none' }
  | { kind: 'reading'; folder: string; previous?: InstallInspection }
  | { kind: 'read'; folder: string; install: InstallInspection }
  | { kind: 'failed'; folder: string; error: IpcError };

/** The install to show and work with: the one read, or the previous reading of the same folder while it is re-read. */
export interface KnownInstall {
  folder: string;
  install: InstallInspection;
  /** True while a re-read is running (the data may be about to change). */
  refreshing: boolean;
}

export function knownInstall(install: InstallState): KnownInstall | null {
  if (install.kind === 'read') return { folder: install.folder, install: install.install, refreshing: false };
  if (install.kind === 'reading' && install.previous) return { folder: install.folder, install: install.previous, refreshing: true };
  return null;
}

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
    const before = knownInstall(get().install);
    const previous = before?.folder === folder ? before.install : undefined;
    const reading: InstallState = previous ? { kind: 'reading', folder, previous } : { kind: 'reading', folder };
    set({ install: reading });
    const result = await window.sponsorship.install.inspect(folder);
    // A newer request may have started while this one ran; keep only the latest.
    if (get().install !== reading) return;
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

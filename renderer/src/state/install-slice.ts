import type { StateCreator } from 'zustand';
import type { InstallHandle, InstallInspection, IpcError } from '../../../main/ipc';
import type { WizardStore } from './wizard-store';

/**
 * What the Connect step knows about the install. A discriminated union: each phase carries exactly
 * the data that exists in it. A re-read of the same folder (after an edit or an apply) keeps the
 * previous inspection in `previous`, so the stepper and the screens keep showing it instead of
 * flickering to "not started"; reading another folder carries none, so a stale install is never shown.
 */
export type InstallState =
  | { kind: 'none' }
  | { kind: 'reading'; folder: string; installId: string; previous?: InstallInspection }
  | { kind: 'read'; folder: string; installId: string; install: InstallInspection }
  | { kind: 'failed'; folder: string; installId: string; error: IpcError };

/** The install to show and work with: the one read, or the previous reading of the same folder while it is re-read. */
export interface KnownInstall {
  /** For the screen only; calls name the install by `installId`, the handle main issued. */
  folder: string;
  installId: string;
  install: InstallInspection;
  /** True while a re-read is running (the data may be about to change). */
  refreshing: boolean;
}

export function knownInstall(install: InstallState): KnownInstall | null {
  if (install.kind === 'read') return { folder: install.folder, installId: install.installId, install: install.install, refreshing: false };
  if (install.kind === 'reading' && install.previous) return { folder: install.folder, installId: install.installId, install: install.previous, refreshing: true };
  return null;
}

export interface InstallSlice {
  install: InstallState;
  /** Reads the install behind a handle main issued (picker, saved settings, typed folder). */
  inspectInstall(handle: Pick<InstallHandle, 'installId' | 'folder'>): Promise<void>;
  /** A typed folder: main gives a read-only handle (writing or running asks the admin in main first), then reads it. */
  readTypedFolder(folder: string): Promise<void>;
  /** Opens the native picker and reads the chosen folder; resolves to it (null when cancelled). */
  pickInstallFolder(): Promise<string | null>;
  /** Re-reads the current install (after an edit or an apply). */
  refreshInstall(): Promise<void>;
}

export const createInstallSlice: StateCreator<WizardStore, [], [], InstallSlice> = (set, get) => ({
  install: { kind: 'none' },
  async inspectInstall({ installId, folder }) {
    const before = knownInstall(get().install);
    const previous = before?.installId === installId ? before.install : undefined;
    const reading: InstallState = previous ? { kind: 'reading', folder, installId, previous } : { kind: 'reading', folder, installId };
    set({ install: reading });
    const result = await window.sponsorship.install.inspect(installId);
    // A newer request may have started while this one ran; keep only the latest.
    if (get().install !== reading) return;
    set({ install: result.ok ? { kind: 'read', folder, installId, install: result.value } : { kind: 'failed', folder, installId, error: result.error } });
  },
  async readTypedFolder(folder) {
    const handle = await window.sponsorship.install.useTypedFolder(folder);
    if (handle.ok) await get().inspectInstall(handle.value);
    else set({ install: { kind: 'failed', folder, installId: '', error: handle.error } });
  },
  async pickInstallFolder() {
    const result = await window.sponsorship.install.pickFolder();
    const picked = result.ok ? result.value.install : null;
    if (picked) await get().inspectInstall(picked);
    return picked?.folder ?? null;
  },
  async refreshInstall() {
    const current = get().install;
    if (current.kind !== 'none' && current.installId) await get().inspectInstall(current);
  },
});

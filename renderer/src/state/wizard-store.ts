import { create } from 'zustand';
import type { InstallInspection, IpcError } from '../../../main/ipc';
import type { StepId } from './steps';

/**
 * What the Connect step knows about the install. A discriminated union: each phase carries exactly
 * the data that exists in it, so a screen cannot show a stale install while a new one is read.
 */
export type InstallState =
  | { kind: 'none' }
  | { kind: 'reading'; folder: string }
  | { kind: 'read'; folder: string; install: InstallInspection }
  | { kind: 'failed'; folder: string; error: IpcError };

export interface WizardData {
  install: InstallState;
}

interface WizardStore extends WizardData {
  /** The step on screen. Which steps are done is derived from data, not from this. */
  currentStep: StepId;
  showStep(step: StepId): void;
  inspectInstall(folder: string): Promise<void>;
  /** Opens the native picker and reads the chosen folder; resolves to it (null when cancelled). */
  pickInstallFolder(): Promise<string | null>;
  reset(): void;
}

const initialData: WizardData = { install: { kind: 'none' } };

export const useWizardStore = create<WizardStore>()((set, get) => ({
  ...initialData,
  currentStep: 'connect',
  showStep(step) {
    console.info(`[wizard] showing step: ${step}`);
    set({ currentStep: step });
  },
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
  reset() {
    set({ ...initialData, currentStep: 'connect' });
  },
}));

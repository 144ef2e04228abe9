import { create } from 'zustand';
import { createInstallSlice, type InstallSlice } from './install-slice';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice';
import { createCloudSlice, type CloudSlice } from './cloud-slice';
import { createLicenseSlice, type LicenseSlice } from './license-slice';
import { createFirewallSlice, type FirewallSlice } from './firewall-slice';
import { createBillingSyncSlice, type BillingSyncSlice } from './billing-sync-slice';
import { createGuidedSlice, type GuidedSlice } from './guided-slice';
import { createServerRunsSlice, type ServerRunsSlice } from './server-runs-slice';
import type { StepId } from './steps';

/**
 * The wizard's data, one slice per capability (each in its own file). Step statuses are derived
 * from this data (derive-step-status.ts); only the step on screen is UI state.
 */
export type WizardData = Pick<InstallSlice, 'install'> & Pick<ConnectionsSlice, 'connections'> & Pick<CloudSlice, 'cloudEdit' | 'cloudApply'> & Pick<LicenseSlice, 'licenseFile' | 'licenseUpload'> & Pick<FirewallSlice, 'firewallRun'> & Pick<BillingSyncSlice, 'billingSync' | 'syncVerify'> & Pick<ServerRunsSlice, 'serverRuns'>;

interface NavigationSlice {
  /** The step on screen. Which steps are done is derived from data, not from this. */
  currentStep: StepId;
  /** True while the guided run's screen is shown instead of a step. */
  guidedOnScreen: boolean;
  showStep(step: StepId): void;
  showGuided(): void;
}

export type WizardStore = NavigationSlice & InstallSlice & ConnectionsSlice & CloudSlice & LicenseSlice & FirewallSlice & BillingSyncSlice & GuidedSlice & ServerRunsSlice;

export const useWizardStore = create<WizardStore>()((set, get, store) => ({
  currentStep: 'connect',
  guidedOnScreen: false,
  showStep(step) {
    console.info(`[wizard] showing step: ${step}`);
    set({ currentStep: step, guidedOnScreen: false });
  },
  showGuided() {
    console.info('[wizard] showing the guided run');
    set({ guidedOnScreen: true });
  },
  ...createInstallSlice(set, get, store),
  ...createConnectionsSlice(set, get, store),
  ...createCloudSlice(set, get, store),
  ...createLicenseSlice(set, get, store),
  ...createFirewallSlice(set, get, store),
  ...createBillingSyncSlice(set, get, store),
  ...createGuidedSlice(set, get, store),
  ...createServerRunsSlice(set, get, store),
}));

/** The data slices only, for the status derivation. */
export function selectWizardData(state: WizardStore): WizardData {
  return { install: state.install, connections: state.connections, cloudEdit: state.cloudEdit, cloudApply: state.cloudApply, licenseFile: state.licenseFile, licenseUpload: state.licenseUpload, firewallRun: state.firewallRun, billingSync: state.billingSync, syncVerify: state.syncVerify, serverRuns: state.serverRuns };
}

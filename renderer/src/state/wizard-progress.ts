import { deriveStepStatus } from './derive-step-status';
import { knownInstall } from './install-slice';
import { inspectedLicense } from './license-slice';
import { STEP_IDS, type StepId } from './steps';
import { selectWizardData, useWizardStore } from './wizard-store';

/** Keys the renderer restores; main writes the billing sync ones (see core/billing-sync/wizard-keys.ts). */
const LAST_SYNC_KEY = 'syncVerify.lastSyncDate';

let started = false;

/**
 * Resumes where the admin left off and keeps the progress saved (settings `wizard`, no secrets): the
 * step on screen, the install folder, which steps were done. Call once at start.
 */
export async function startWizardProgress(): Promise<void> {
  if (started) return;
  started = true;
  const loaded = await window.sponsorship.billingSync.loadProgress();
  const store = useWizardStore.getState();
  if (store.connections.phase === 'idle') void store.loadConnections();
  if (loaded.ok) {
    const progress = loaded.value;
    console.info(`[wizard] resuming at ${progress.currentStep ?? 'the start'}`);
    if (progress.install && store.install.kind === 'none') void store.inspectInstall(progress.install);
    if (progress.currentStep && (STEP_IDS as readonly string[]).includes(progress.currentStep)) store.showStep(progress.currentStep as StepId);
    const last = progress.values[LAST_SYNC_KEY];
    const verified = progress.values['syncVerify.lastLicenseSync'];
    store.restoreSyncProgress({ lastSyncDate: typeof last === 'string' ? last : null, lastLicenseSync: typeof verified === 'string' ? verified : null });
  }
  let lastSaved = '';
  // The moment this session saw an upload confirmed: the report's "license upload time".
  let uploadSeen: object | null = null;
  let uploadedAt: string | null = null;
  useWizardStore.subscribe((state) => {
    const data = selectWizardData(state);
    // Evidence for the finished-setup report (keys read by core/billing-sync/report.ts), never secrets.
    const values: Record<string, string> = {};
    if (state.syncVerify.lastSyncDate) values[LAST_SYNC_KEY] = state.syncVerify.lastSyncDate;
    if (state.firewallRun.kind === 'finished') values['firewall.verdict'] = state.firewallRun.report.ok ? 'ok' : 'problems found';
    if (state.cloudApply.kind === 'ready') {
      values['cloud.applyMethod'] = state.cloudApply.input.method;
      values['cloud.applyOutcome'] = state.cloudApply.value.ok ? 'ok' : 'failed';
    }
    const inspected = inspectedLicense(state);
    if (inspected) values['license.inspection'] = inspected.result.inspection.usable ? 'ok' : 'problems found';
    const upload = state.licenseUpload;
    if (upload.kind === 'ready' && upload !== uploadSeen) {
      uploadSeen = upload;
      uploadedAt = new Date().toISOString();
    }
    if (upload.kind === 'ready' && uploadedAt) {
      values['license.uploadedAt'] = uploadedAt;
      values['license.confirmedOnServer'] = upload.value.confirmation.confirmed ? 'yes' : 'no';
      if (upload.value.confirmation.expiration) values['license.expires'] = upload.value.confirmation.expiration;
    }
    const snapshot = {
      currentStep: state.currentStep,
      completedSteps: STEP_IDS.filter((step) => deriveStepStatus(step, data) === 'done'),
      // A re-read keeps the install: closing the window mid-read must not forget it.
      installId: knownInstall(state.install)?.installId ?? null,
      values,
    };
    const text = JSON.stringify(snapshot);
    if (text === lastSaved) return;
    lastSaved = text;
    // Saved at once (not debounced): a window closed right after a step change must not lose it.
    void window.sponsorship.billingSync.saveProgress(snapshot).then((result) => {
      if (!result.ok) console.warn(`[wizard] progress not saved: ${result.error.code}`);
    });
  });
}

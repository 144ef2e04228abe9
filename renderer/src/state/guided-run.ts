import type { IpcError } from '../../../main/ipc';
import { deriveStepStatus } from './derive-step-status';
import { billingSyncError, isBillingSyncSaved } from './billing-sync-slice';
import { knownInstall } from './install-slice';
import { inspectedLicense } from './license-slice';
import type { StepId } from './steps';
import { selectWizardData, type WizardStore } from './wizard-store';

/** The stages "Set up everything" runs after Connect, in order; each is also a step of its own. */
export const GUIDED_STAGES = ['firewall', 'cloud-communication', 'license', 'billing-sync', 'sync-verify'] as const satisfies readonly StepId[];
export type GuidedStage = (typeof GUIDED_STAGES)[number];

/** Where the run stops for the admin: a decision, something to type, or a problem with the step that fixes it. */
export type GuidedStop =
  | { kind: 'confirm-env' }
  | { kind: 'token-verification' }
  | { kind: 'problem'; problem: { code: string; message: string }; headline: string; fixStep: StepId };

/** What a stage ended with: on to the next stage, or stop here. */
export type StageOutcome = { kind: 'next' } | GuidedStop;

type Store = { get: () => WizardStore };

const NEXT: StageOutcome = { kind: 'next' };

function problem(headline: string, error: Pick<IpcError, 'code' | 'message'>, fixStep: StepId): StageOutcome {
  return { kind: 'problem', headline, problem: { code: error.code, message: error.message }, fixStep };
}

function isDone(store: Store, step: StepId): boolean {
  return deriveStepStatus(step, selectWizardData(store.get())) === 'done';
}

async function firewallStage(store: Store): Promise<StageOutcome> {
  if (isDone(store, 'firewall')) return NEXT;
  await store.get().planFirewallCheck();
  await store.get().runFirewallCheck();
  const run = store.get().firewallRun;
  if (run.kind === 'finished' && run.report.ok) return NEXT;
  if (run.kind === 'finished') return problem('This computer cannot reach the Bitwarden cloud.', { code: run.report.noOutboundPath ? 'no-outbound-path' : 'firewall-problems', message: run.report.summary }, 'firewall');
  if (run.kind === 'failed') return problem('The firewall check could not run.', run.error, 'firewall');
  return problem('The firewall check did not start.', { code: 'firewall-not-run', message: 'Open the Firewall check to see why.' }, 'firewall');
}

/** The e-mail of the account signed in to the self-hosted vault: the admin to offer for the System Administrator Portal. */
export function selfEmail(store: Store): string | null {
  const self = store.get().connections.self;
  return self?.state === 'signed-in' && self.email ? self.email : null;
}

async function cloudStage(store: Store): Promise<StageOutcome> {
  const install = knownInstall(store.get().install);
  // A restart left on the server (another session, a dropped link) is followed to its end, never started twice.
  if (install) {
    const leftOver = await followLeftOverRun(store, install.installId);
    if (leftOver) return leftOver;
  }
  if (isDone(store, 'cloud-communication')) return NEXT;
  if (!install) return problem('Choose the install first.', { code: 'no-install', message: 'No install is chosen.' }, 'connect');
  // Offer the admin's e-mail for an empty adminSettings__admins in the same edit (one restart, not two).
  await store.get().planCloudEdit(install.installId, false, selfEmail(store) ?? undefined);
  const edit = store.get().cloudEdit;
  if (edit.kind === 'failed') return problem('The settings file cannot be changed.', edit.error, 'cloud-communication');
  if (edit.kind !== 'planned') return problem('The change could not be worked out.', { code: 'cloud-plan-missing', message: 'Open Cloud communication to see why.' }, 'cloud-communication');
  if (edit.plan.blockedByRegionMismatch) return problem('The region settings disagree.', { code: 'region-mismatch', message: 'Tick “Fix the region URIs too” in Cloud communication, then continue.' }, 'cloud-communication');
  if (edit.plan.changed) return { kind: 'confirm-env' };
  return restartStage(store, install.installId);
}

/**
 * Follows the run found on the server for the install (waiting while it is already followed on
 * screen). Null when there was none, or it ended well (the stage goes on: cloud communication may still
 * be off); a problem when it could not be followed or did not finish.
 */
async function followLeftOverRun(store: Store, installId: string): Promise<StageOutcome | null> {
  const followed = await store.get().followServerRun(installId);
  if (!followed) return null;
  const apply = store.get().cloudApply;
  if (apply.kind === 'failed') return problem('The restart already running on your server could not be followed.', apply.error, 'cloud-communication');
  if (apply.kind === 'ready' && !apply.value.ok) {
    const first = apply.value.problems[0];
    return problem('The restart that was running on your server did not finish.', first ?? { code: 'restart-failed', message: 'See its output in Cloud communication.' }, 'cloud-communication');
  }
  return null;
}

/** After the admin confirmed: write with a backup, then restart (one restart for everything written). */
export async function writeAndRestart(store: Store): Promise<StageOutcome> {
  const install = knownInstall(store.get().install);
  if (!install) return problem('Choose the install first.', { code: 'no-install', message: 'No install is chosen.' }, 'connect');
  await store.get().confirmCloudEdit();
  const edit = store.get().cloudEdit;
  if (edit.kind === 'failed') return problem('The settings file was not written.', edit.error, 'cloud-communication');
  return restartStage(store, install.installId);
}

async function restartStage(store: Store, installId: string): Promise<StageOutcome> {
  // One apply at a time: one started meanwhile (on screen, or a run found on the server) ends first.
  await store.get().followServerRun(installId);
  await store.get().applySettled();
  await store.get().loadApplyMethods(installId);
  await store.get().runApply(installId);
  const apply = store.get().cloudApply;
  if (apply.kind === 'failed') return problem('The restart could not run.', apply.error, 'cloud-communication');
  if (apply.kind === 'ready' && apply.value.ok && apply.value.cloudCommunicationAfter === true) return NEXT;
  const first = apply.kind === 'ready' ? apply.value.problems[0] : undefined;
  return problem('The restart did not finish.', first ?? { code: 'restart-failed', message: 'See the command output in Cloud communication.' }, 'cloud-communication');
}

async function licenseStage(store: Store): Promise<StageOutcome> {
  if (isDone(store, 'license')) return NEXT;
  await store.get().loadLicenseConnections();
  await store.get().downloadLicense();
  const download = store.get().licenseDownload;
  if (download.kind === 'failed') return problem('The cloud did not issue the license.', download.error, 'license');
  const file = inspectedLicense(store.get());
  if (file?.origin !== 'downloaded') return problem('No license was downloaded.', { code: 'license-not-downloaded', message: 'Download it in the License step.' }, 'license');
  const firstProblem = file.result.inspection.problems[0];
  if (!file.result.inspection.usable) return problem('The downloaded license cannot be used here.', firstProblem ?? { code: 'license-unusable', message: 'See the License step.' }, 'license');
  await store.get().uploadLicense({ force: false });
  const upload = store.get().licenseUpload;
  if (upload.kind === 'failed') return problem('The license was not uploaded.', upload.error, 'license');
  if (upload.kind === 'ready' && upload.value.confirmation.confirmed) return NEXT;
  return problem('The upload was not confirmed by your server.', { code: 'license-not-confirmed', message: upload.kind === 'ready' ? upload.value.confirmation.message : 'See the License step.' }, 'license');
}

function organizations(store: Store): { cloudOrgId: string | null; selfOrgId: string | null } {
  const { cloud, self } = store.get().connections;
  return { cloudOrgId: cloud?.state === 'signed-in' ? cloud.organizationId : null, selfOrgId: self?.state === 'signed-in' ? self.organizationId : null };
}

async function billingSyncStage(store: Store): Promise<StageOutcome> {
  const { cloudOrgId, selfOrgId } = organizations(store);
  if (!cloudOrgId || !selfOrgId) return problem('Sign in to both servers first.', { code: 'not-connected', message: 'Both sign-ins and their organizations are needed.' }, 'connect');
  await store.get().loadServerStatus(selfOrgId);
  if (isBillingSyncSaved(store.get())) return NEXT;
  await store.get().loadTokenStatus(cloudOrgId);
  const status = store.get().billingSync.tokenStatus;
  const kept = store.get().billingSync.kept?.cloudOrgId === cloudOrgId.toLowerCase() || (status?.storedLocally && status.cloudOrgId === cloudOrgId.toLowerCase());
  if (!kept) return { kind: 'token-verification' };
  return saveStage(store);
}

/** After the admin typed the master password (or code): get the token, then save it on the server. */
export async function fetchTokenAndSave(store: Store, verification: { kind: 'master-password'; masterPassword: string } | { kind: 'otp'; code: string }): Promise<StageOutcome> {
  const { cloudOrgId } = organizations(store);
  if (!cloudOrgId) return problem('Sign in to the cloud first.', { code: 'not-connected', message: 'The cloud sign-in is needed.' }, 'connect');
  const ok = await store.get().fetchToken(cloudOrgId, verification, false);
  if (!ok) {
    const error = billingSyncError(store.get());
    // A wrong password: ask again, with the server's answer shown beside the field.
    if (error?.code === 'verification-rejected') return { kind: 'token-verification' };
    return problem('The cloud did not hand out the billing sync token.', error ?? { code: 'token-not-fetched', message: 'See the Billing sync step.' }, 'billing-sync');
  }
  return saveStage(store);
}

async function saveStage(store: Store): Promise<StageOutcome> {
  const { cloudOrgId, selfOrgId } = organizations(store);
  if (!cloudOrgId || !selfOrgId) return problem('Sign in to both servers first.', { code: 'not-connected', message: 'Both sign-ins are needed.' }, 'connect');
  const saved = await store.get().saveToken(selfOrgId, cloudOrgId);
  if (saved) return NEXT;
  const error = billingSyncError(store.get());
  return problem('The token was not saved on your server.', error ?? { code: 'token-not-saved', message: 'See the Billing sync step.' }, 'billing-sync');
}

async function verifyStage(store: Store): Promise<StageOutcome> {
  const { selfOrgId } = organizations(store);
  if (!selfOrgId) return problem('Sign in to your server first.', { code: 'not-connected', message: 'The self-hosted sign-in is needed.' }, 'connect');
  const verification = await store.get().verifyNow(selfOrgId);
  if (verification.kind === 'failed') return problem('Your server could not be asked to sync.', verification.error, 'sync-verify');
  if (verification.kind !== 'ready') return problem('The verification did not finish.', { code: 'verify-not-finished', message: 'Verify again in Sync & verify.' }, 'sync-verify');
  const result = verification.value;
  if (result.verified) return NEXT;
  const headline = result.serverMessage ? `Your server said: “${result.serverMessage}”` : 'Your server did not sync with the cloud.';
  return problem(headline, result.error, result.step);
}

export const STAGE_RUNNERS: Record<GuidedStage, (store: Store) => Promise<StageOutcome>> = {
  firewall: firewallStage,
  'cloud-communication': cloudStage,
  license: licenseStage,
  'billing-sync': billingSyncStage,
  'sync-verify': verifyStage,
};

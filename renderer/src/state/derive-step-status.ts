import type { WizardData } from './wizard-store';
import { connectionNeedsAttention, isConnectionReady } from './connections-slice';
import type { StepId, StepStatus } from './steps';
import { billingSyncBusy, billingSyncError, isBillingSyncSaved } from './billing-sync-slice';
import { knownInstall } from './install-slice';
import { leftOverRun } from './server-runs-slice';

function assertNever(value: never): never {
  throw new Error(`[wizard] unhandled step: ${String(value)}`);
}

/** Each step's status, from data alone. */
export function deriveStepStatus(step: StepId, data: WizardData): StepStatus {
  switch (step) {
    case 'connect': {
      // Done = install read without blocking problems + both servers signed in with an Owner organization chosen.
      // A re-read of the same folder keeps the previous reading, so the status does not flicker.
      if (data.install.kind === 'failed') return 'needs-attention';
      const install = knownInstall(data.install);
      if (install?.install.problems.some((problem) => problem.code !== 'cloud-communication-off')) return 'needs-attention';
      const { cloud, self } = data.connections;
      if (connectionNeedsAttention(cloud) || connectionNeedsAttention(self)) return 'needs-attention';
      return install && isConnectionReady(cloud) && isConnectionReady(self) ? 'done' : 'not-started';
    }
    case 'cloud-communication':
      return cloudCommunicationStatus(data);
    case 'license':
      return licenseStatus(data);
    case 'firewall':
      // Done when every required host was reachable in the last run; a run that found problems (or failed) needs attention.
      if (data.firewallRun.kind === 'finished') return data.firewallRun.report.ok ? 'done' : 'needs-attention';
      if (data.firewallRun.kind === 'failed' && data.firewallRun.error.kind !== 'cancelled') return 'needs-attention';
      return 'not-started';
    case 'billing-sync':
      return billingSyncStatus(data);
    case 'sync-verify':
      return syncVerifyStatus(data);
    default:
      return assertNever(step);
  }
}

/** A step can be opened once the install is read, except Connect itself and the offline-capable License check. */
export function isStepAvailable(step: StepId, data: WizardData): boolean {
  if (step === 'connect' || step === 'firewall' || step === 'license') return true;
  return knownInstall(data.install) !== null;
}

/**
 * Cloud communication is in progress while an apply runs (here, or one found running on the server);
 * it is done when the running server has it, as far as the app can tell:
 * - an apply in this session ended well and the env file read back `true` afterwards; or
 * - the install already said `true` when read and this session did not write it (it was set and,
 *   we assume, applied earlier; the app cannot see the containers' environment).
 * Written in this session but not applied yet (or the apply failed) needs attention: the file says
 * `true`, the running server does not know yet.
 */
function cloudCommunicationStatus(data: WizardData): StepStatus {
  const known = knownInstall(data.install);
  if (known === null) return 'not-started';
  const { installId, install } = known;
  const apply = data.cloudApply;
  if (apply.kind === 'loading' && apply.input.installId === installId) return 'in-progress';
  const leftOver = leftOverRun(data, installId);
  if (leftOver && !leftOver.followed && leftOver.run.state === 'running') return 'in-progress';
  // A restart found on the server that failed (followed here, or ended unseen) may have left the stack stopped.
  if (apply.kind === 'ready' && apply.input.installId === installId && apply.value.attached && !apply.value.ok) return 'needs-attention';
  if (leftOver && !leftOver.followed && (leftOver.run.state === 'lost' || leftOver.run.exitCode !== 0)) return 'needs-attention';
  const applied = apply.kind === 'ready' && apply.input.installId === installId && apply.value.ok && apply.value.cloudCommunicationAfter === true;
  if (applied && install.cloudCommunication) return 'done';
  const writtenHere = data.cloudEdit.kind === 'written' && data.cloudEdit.installId === installId && data.cloudEdit.result.changed;
  if (writtenHere) return 'needs-attention';
  return install.cloudCommunication ? 'done' : 'needs-attention';
}

/**
 * License: done once an upload in this session was confirmed on the server (it now reports the
 * uploaded license); needs attention when the inspected file has problems or the upload failed.
 */
function licenseStatus(data: WizardData): StepStatus {
  if (data.licenseUpload.kind === 'ready' && data.licenseUpload.value.confirmation.confirmed) return 'done';
  if (data.licenseUpload.kind === 'failed') return 'needs-attention';
  if (data.licenseFile.kind === 'ready' && !data.licenseFile.value.result.inspection.usable) return 'needs-attention';
  if (data.licenseFile.kind === 'failed') return 'needs-attention';
  return 'not-started';
}

/** Billing sync: done when the server holds an enabled connection with a token; a failed save needs attention. */
function billingSyncStatus(data: WizardData): StepStatus {
  if (isBillingSyncSaved(data)) return 'done';
  const server = data.billingSync.server;
  if (server?.connection && !(server.connection.enabled && server.connection.tokenSet)) return 'needs-attention';
  const error = billingSyncError(data);
  if (error && billingSyncBusy(data) === null && error.kind !== 'cancelled') return 'needs-attention';
  return 'not-started';
}

/**
 * Sync & verify: done once the server recorded a sync. Waiting for the first sponsorship (a timeout
 * while the server never synced) is the expected state, not a problem; a wait that failed, or no new
 * sync where one happened before, needs attention.
 */
function syncVerifyStatus(data: WizardData): StepStatus {
  // Verified through the license sync: the server reached the cloud with the token. A sponsorship sync proves it too.
  const verification = data.syncVerify.verification;
  if ((verification.kind === 'ready' && verification.value.verified) || data.syncVerify.lastSyncDate) return 'done';
  if (verification.kind === 'ready' || verification.kind === 'failed') return 'needs-attention';
  const wait = data.syncVerify.wait;
  if (wait.kind === 'failed') return 'needs-attention';
  if (wait.kind === 'ready' && wait.value.outcome === 'timeout' && !wait.value.neverSynced) return 'needs-attention';
  return 'not-started';
}

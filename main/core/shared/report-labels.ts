/**
 * Human labels for the finished-setup report's evidence. The report's JSON keeps each label as it was
 * recorded (`uploadedAt`, `verdict`…: a contract for scripts reading `report --json`); the text report
 * and the Sync & verify screen show these instead. Pure data, safe for the renderer bundle.
 */
import type { SetupStepId } from './setup-steps';

/** Evidence recorded as raw wizard values (`firewall.verdict`, `license.uploadedAt`…), by step. */
const EVIDENCE_LABELS: Partial<Record<SetupStepId, Record<string, string>>> = {
  firewall: { verdict: 'Firewall verdict' },
  'cloud-communication': { applyMethod: 'Applied with', applyOutcome: 'Apply result' },
  license: {
    inspection: 'License file check',
    uploadedAt: 'Uploaded at',
    confirmedOnServer: 'Confirmed on the server',
    expires: 'License expires',
  },
};

/** The label to show for one piece of evidence; labels already written for people pass unchanged. */
export function evidenceLabel(stepId: SetupStepId, label: string): string {
  const known = EVIDENCE_LABELS[stepId]?.[label];
  if (known) return known;
  // A raw camelCase key nobody named yet ("lastCheckedAt"): spelled out rather than shown as code.
  if (/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(label)) {
    const words = label.replace(/([A-Z])/g, ' $1').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return label;
}

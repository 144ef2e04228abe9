/**
 * Keys in settings `wizard.values` (small, non-secret values) that billing sync writes or reads.
 * Other steps record their evidence under their own prefix (`firewall.`, `license.`); the report's JSON
 * lists those keys as they are, its text and the screen under human labels (core/shared/report-labels.ts).
 */
export const WIZARD_KEYS = {
  installFolder: 'connect.installFolder',
  cloudOrgId: 'billingSync.cloudOrgId',
  selfOrgId: 'billingSync.selfOrgId',
  connectionId: 'billingSync.connectionId',
  savedAt: 'billingSync.savedAt',
  syncSince: 'syncVerify.since',
  lastSyncDate: 'syncVerify.lastSyncDate',
  /** The server's LastLicenseSync written by a successful verify (the evidence that Sync & verify is done). */
  verifiedLicenseSync: 'syncVerify.lastLicenseSync',
  verifiedAt: 'syncVerify.verifiedAt',
  firewallVerdict: 'firewall.verdict',
  licenseInspection: 'license.inspection',
  /** How the env change was applied (restart | rebuild | no-pull) and how it ended: the admin's choice, recorded. */
  applyMethod: 'cloud.applyMethod',
  applyOutcome: 'cloud.applyOutcome',
} as const;

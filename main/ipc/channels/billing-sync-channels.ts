export const BILLING_SYNC_INVOKE = {
  billingSyncTokenStatus: 'sponsorship:billing-sync-token-status',
  billingSyncRequestOtp: 'sponsorship:billing-sync-request-otp',
  billingSyncFetchToken: 'sponsorship:billing-sync-fetch-token',
  billingSyncPasteToken: 'sponsorship:billing-sync-paste-token',
  billingSyncRevealToken: 'sponsorship:billing-sync-reveal-token',
  billingSyncCopyToken: 'sponsorship:billing-sync-copy-token',
  billingSyncSave: 'sponsorship:billing-sync-save',
  billingSyncStatus: 'sponsorship:billing-sync-status',
  billingSyncRenewLicense: 'sponsorship:billing-sync-renew-license',
  billingSyncVerify: 'sponsorship:billing-sync-verify',
  syncVerifyGuide: 'sponsorship:sync-verify-guide',
  syncVerifyWait: 'sponsorship:sync-verify-wait',
  syncVerifyServerLogs: 'sponsorship:sync-verify-server-logs',
  setupReport: 'sponsorship:setup-report',
  setupReportSave: 'sponsorship:setup-report-save',
  wizardProgressLoad: 'sponsorship:wizard-progress-load',
  wizardProgressSave: 'sponsorship:wizard-progress-save',
} as const;

export const BILLING_SYNC_EVENTS = {
  /** One poll of the sync wait: attempt, elapsed time, the server's last sync date. */
  syncVerifyProgress: 'sponsorship:sync-verify-progress',
} as const;

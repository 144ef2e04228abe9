export { adminPortalInstructions } from './admin-portal';
export type { AdminPortalInstructions } from './admin-portal';
export { readBillingSyncStatus, renewLicenseThroughSync, saveBillingSyncConnection, webVaultSaveSteps } from './connection';
export type { BillingSyncStatus, LicenseSyncServer, SavedConnection } from './connection';
export { collectSetupReport, formatSetupReportText, redactReport } from './report';
export type { ReportEvidence, ReportStep, ReportStepState, SetupReport, SetupReportSources } from './report';
export { readSyncLogExcerpt, redactLogLine } from './server-logs';
export type { ServerLogExcerpt, ServerLogLine } from './server-logs';
export { SETUP_STEP_TITLES } from '../shared/setup-steps';
export type { SetupStepId } from '../shared/setup-steps';
export { DAILY_SYNC_EXPLANATION, likelyCauses, parseServerDate, SPONSORSHIP_FIRST_EXPLANATION, waitForSync } from './sync-wait';
export type { LikelyCause, SyncWaitOptions, SyncWaitProgress, SyncWaitResult } from './sync-wait';
export {
  BILLING_SYNC_TOKEN_LENGTH,
  checkOrganizationId,
  checkPastedToken,
  fetchToken,
  maskToken,
  pasteToken,
  readStoredToken,
  readTokenStatus,
  requestTokenOtp,
  requireStoredToken,
  ROTATE_WARNING,
  storedTokenOrganizations,
  TOKEN_NOT_CHECKED_AT_SAVE,
} from './token';
export type { TokenKept, TokenStatus, TokenVerification } from './token';
export { WIZARD_KEYS } from './wizard-keys';
export { CLOUD_CALL_FAILED_PATTERN, NO_CONNECTION_PATTERN, readSyncError, readSyncServerWords } from './server-words';
export type { ServerWordsReading, SyncFixStep } from './server-words';
export { verifyAndRecord, verifyThroughLicenseSync } from './verify';
export type { LicenseSyncVerification, RecordedVerification } from './verify';
export { rememberWizardValues, savedConnectionValues, verifiedValues } from './remember';
export { sponsorshipSyncInfo, SYNC_VERIFIED_TEXT, SYNC_VERIFY_INTRO } from './sync-verify-wording';

import { BILLING_SYNC_EVENTS, BILLING_SYNC_INVOKE } from '../../main/ipc/channels/billing-sync-channels';
import type { EventPayload, RequestOf } from '../../main/ipc/contracts';
import type { BridgeTransport } from '../bridge-types';

export type TokenVerificationInput = { kind: 'master-password'; masterPassword: string } | { kind: 'otp'; code: string };

/** Billing sync token and connection, Sync & verify, the finished-setup report and the saved wizard progress. */
export function createBillingSyncApi(transport: BridgeTransport) {
  return {
    /** Does the cloud organization have a token, and is one kept here? Plus the warning and save texts. */
    tokenStatus: (cloudOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncTokenStatus, { cloudOrgId }),
    /** E-mails a one-time code to the signed-in cloud account (owners without a master password). */
    requestOtp: () => transport.invoke(BILLING_SYNC_INVOKE.billingSyncRequestOtp, undefined),
    /**
     * Gets (or with `rotate`, replaces) the token and keeps it in the keychain. The password or code is
     * sent once; the answer holds only the masked token. Drop the password from component state after.
     */
    fetchToken: (cloudOrgId: string, verification: TokenVerificationInput, rotate = false) =>
      transport.invoke(BILLING_SYNC_INVOKE.billingSyncFetchToken, { cloudOrgId, verification, rotate }),
    /** Keeps a token the admin already has (the offline path). */
    pasteToken: (cloudOrgId: string, token: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncPasteToken, { cloudOrgId, token }),
    /** Shows the kept token: only on the admin's explicit request. */
    revealToken: (cloudOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncRevealToken, { cloudOrgId }),
    /** Copies the kept token to the clipboard in main; the page never sees it. */
    copyToken: (cloudOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncCopyToken, { cloudOrgId }),
    /** Saves the kept token on the self-hosted organization's billing sync connection. */
    save: (selfOrgId: string, cloudOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncSave, { selfOrgId, cloudOrgId }),
    /** The connection as the server has it (never the token), cloud communication and the last sync. */
    status: (selfOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncStatus, { selfOrgId }),
    /** Yearly license renewal through the billing sync connection. */
    renewLicense: (selfOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncRenewLicense, { selfOrgId }),
    /** Verifies now through the license sync: verified, or the server's words and the step that fixes it. */
    verify: (selfOrgId: string) => transport.invoke(BILLING_SYNC_INVOKE.billingSyncVerify, { selfOrgId }),
    /** System Administrator Portal instructions, admin e-mails, the sponsorship-first and daily-sync texts. */
    syncGuide: (selfOrgId: string | null, installId: string | null) => transport.invoke(BILLING_SYNC_INVOKE.syncVerifyGuide, { selfOrgId, installId }),
    /** Polls for a sync newer than `since`; cancel with app.cancelOperation(operationId); progress via onSyncProgress. */
    waitForSync: (request: { operationId: string; selfOrgId: string; since: string; timeoutSeconds: number; intervalSeconds?: number }) =>
      transport.invoke(BILLING_SYNC_INVOKE.syncVerifyWait, request),
    /** Streams the sync wait's polls. Returns an unsubscribe function for the effect's cleanup. */
    onSyncProgress: (listener: (progress: EventPayload<typeof BILLING_SYNC_EVENTS.syncVerifyProgress>) => void) =>
      transport.subscribe(BILLING_SYNC_EVENTS.syncVerifyProgress, listener),
    /** Recent sync and identity lines of bwdata/logs/admin and api (secrets masked). */
    serverLogs: (installId: string) => transport.invoke(BILLING_SYNC_INVOKE.syncVerifyServerLogs, { installId }),
    /** The finished-setup report (redacted) as data and text. */
    report: (installId: string | null) => transport.invoke(BILLING_SYNC_INVOKE.setupReport, { installId }),
    /** Saves the report through the native save dialog. */
    saveReport: (installId: string | null, format: 'text' | 'json') => transport.invoke(BILLING_SYNC_INVOKE.setupReportSave, { installId, format }),
    /** The wizard's saved progress (no secrets), to resume after a restart. */
    loadProgress: () => transport.invoke(BILLING_SYNC_INVOKE.wizardProgressLoad, undefined),
    saveProgress: (progress: RequestOf<typeof BILLING_SYNC_INVOKE.wizardProgressSave>) => transport.invoke(BILLING_SYNC_INVOKE.wizardProgressSave, progress),
  };
}

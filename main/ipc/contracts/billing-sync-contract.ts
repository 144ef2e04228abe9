import { z } from 'zod';
import type {
  AdminPortalInstructions,
  BillingSyncStatus,
  RecordedVerification,
  SavedConnection,
  ServerLogExcerpt,
  SetupReport,
  SyncWaitProgress,
  SyncWaitResult,
  TokenKept,
  TokenStatus,
} from '../../core/billing-sync';
import type { InstallHandle } from '../trust/handle-registry';
import { BILLING_SYNC_EVENTS, BILLING_SYNC_INVOKE } from '../channels/billing-sync-channels';
import { installIdSchema, operationIdSchema, responds } from './contract-helpers';

const orgIdSchema = z.guid();

/** The one payload with a master password or code: renderer → main, once; nothing about it comes back. */
const verificationSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('master-password'), masterPassword: z.string().min(1).max(1024) }),
  z.strictObject({ kind: z.literal('otp'), code: z.string().trim().min(4).max(20) }),
]);

const wizardValueSchema = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export interface SyncVerifyGuide {
  adminPortal: AdminPortalInstructions;
  /** Ids to open the portal and the organization's page with (`app.openLink`), when their URLs are known. */
  portalLinkId: string | null;
  organizationLinkId: string | null;
  sponsorshipFirst: string;
  dailySync: string;
  /** Whether the install was readable (for the admin e-mails); the reason otherwise. */
  installNote?: string;
}

export interface WizardProgress {
  currentStep: string | null;
  completedSteps: string[];
  /** The install saved from an earlier session (chosen in main), as a handle for this one. */
  install: InstallHandle | null;
  values: Record<string, string | number | boolean | null>;
}

export interface BillingSyncTexts {
  rotateWarning: string;
  notCheckedAtSave: string;
  webVaultSteps: string[];
}

export const billingSyncContract = {
  [BILLING_SYNC_INVOKE.billingSyncTokenStatus]: { request: z.strictObject({ cloudOrgId: orgIdSchema }), response: responds<TokenStatus & BillingSyncTexts>() },
  [BILLING_SYNC_INVOKE.billingSyncRequestOtp]: { request: z.undefined(), response: responds<{ sent: true }>() },
  [BILLING_SYNC_INVOKE.billingSyncFetchToken]: {
    request: z.strictObject({ cloudOrgId: orgIdSchema, verification: verificationSchema, rotate: z.boolean().default(false) }),
    response: responds<TokenKept>(),
  },
  [BILLING_SYNC_INVOKE.billingSyncPasteToken]: { request: z.strictObject({ cloudOrgId: orgIdSchema, token: z.string().max(1024) }), response: responds<TokenKept>() },
  /** The only response that carries the token, on the admin's explicit "reveal". */
  [BILLING_SYNC_INVOKE.billingSyncRevealToken]: { request: z.strictObject({ cloudOrgId: orgIdSchema }), response: responds<{ token: string }>() },
  /** Copies through main's clipboard: the renderer never sees the token. */
  [BILLING_SYNC_INVOKE.billingSyncCopyToken]: { request: z.strictObject({ cloudOrgId: orgIdSchema }), response: responds<{ copied: boolean }>() },
  [BILLING_SYNC_INVOKE.billingSyncSave]: { request: z.strictObject({ selfOrgId: orgIdSchema, cloudOrgId: orgIdSchema }), response: responds<SavedConnection>() },
  [BILLING_SYNC_INVOKE.billingSyncStatus]: { request: z.strictObject({ selfOrgId: orgIdSchema }), response: responds<BillingSyncStatus>() },
  [BILLING_SYNC_INVOKE.billingSyncRenewLicense]: { request: z.strictObject({ selfOrgId: orgIdSchema }), response: responds<{ lastLicenseSync: string | null }>() },
  /** Verify now through the license sync; a failure names the step that fixes it (never thrown for the server's refusals). */
  [BILLING_SYNC_INVOKE.billingSyncVerify]: { request: z.strictObject({ selfOrgId: orgIdSchema }), response: responds<RecordedVerification>() },
  [BILLING_SYNC_INVOKE.syncVerifyGuide]: {
    request: z.strictObject({ selfOrgId: orgIdSchema.nullable(), installId: installIdSchema.nullable() }),
    response: responds<SyncVerifyGuide>(),
  },
  [BILLING_SYNC_INVOKE.syncVerifyWait]: {
    request: z.strictObject({
      operationId: operationIdSchema,
      selfOrgId: orgIdSchema,
      since: z.iso.datetime({ offset: true }),
      timeoutSeconds: z.number().min(1).max(3600),
      intervalSeconds: z.number().min(0.1).max(60).default(5),
    }),
    response: responds<SyncWaitResult>(),
  },
  [BILLING_SYNC_INVOKE.syncVerifyServerLogs]: { request: z.strictObject({ installId: installIdSchema }), response: responds<ServerLogExcerpt>() },
  [BILLING_SYNC_INVOKE.setupReport]: { request: z.strictObject({ installId: installIdSchema.nullable() }), response: responds<{ report: SetupReport; text: string }>() },
  [BILLING_SYNC_INVOKE.setupReportSave]: {
    request: z.strictObject({ installId: installIdSchema.nullable(), format: z.enum(['text', 'json']) }),
    response: responds<{ savedTo: string | null }>(),
  },
  [BILLING_SYNC_INVOKE.wizardProgressLoad]: { request: z.undefined(), response: responds<WizardProgress>() },
  [BILLING_SYNC_INVOKE.wizardProgressSave]: {
    request: z.strictObject({
      currentStep: z.string().max(50).nullable(),
      completedSteps: z.array(z.string().max(50)).max(20),
      installId: installIdSchema.nullable(),
      values: z.record(z.string().max(100), wizardValueSchema),
    }),
    response: responds<{ saved: true }>(),
  },
};

export interface BillingSyncEventContract {
  [BILLING_SYNC_EVENTS.syncVerifyProgress]: SyncWaitProgress & { operationId: string };
}

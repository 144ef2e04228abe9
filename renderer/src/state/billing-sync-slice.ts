import type { StateCreator } from 'zustand';
import type { BillingSyncStatus, LicenseSyncVerification, SavedConnection, ServerLogExcerpt, SetupReport, SyncWaitProgress, SyncWaitResult, TokenKept, TokenStatus } from '../../../main/core/billing-sync';
import type { IpcError } from '../../../main/ipc';
import type { BillingSyncTexts, SyncVerifyGuide, TokenVerification } from '../../../main/ipc/contracts/billing-sync-contract';
import { idle, loading, settled, type AsyncState } from './async-state';
import { knownInstall } from './install-slice';
import type { WizardStore } from './wizard-store';

/** The Billing sync step's requests to main; one runs at a time (`server-status` never shows as busy). */
export type BillingSyncAction = 'status' | 'fetching' | 'otp' | 'pasting' | 'saving' | 'renewing' | 'server-status';

/**
 * The Billing sync step's data. Holds no secret: the master password lives in the form's local state
 * until submitted; the token stays in main (this slice has only its masked form).
 */
export interface BillingSyncState {
  tokenStatus: (TokenStatus & BillingSyncTexts) | null;
  /** The last get/paste result this session (masked token). */
  kept: TokenKept | null;
  otpSent: boolean;
  saved: SavedConnection | null;
  server: BillingSyncStatus | null;
  renewedAt: string | null;
  /** The last request and how it went: loading = busy (the input says with what), failed = its error. */
  request: AsyncState<true, BillingSyncAction>;
}

/** Where the sync wait stands. The input names the run (to cancel it) and the moment a sync must follow. */
export interface SyncWaitRun {
  operationId: string;
  since: string;
}

export type SyncWaitState = AsyncState<SyncWaitResult, SyncWaitRun>;

/** What "Verify now" proved; `verified` may also be restored from saved progress (then without an organization). */
export type VerificationOutcome = { verified: true; lastLicenseSync: string } | Extract<LicenseSyncVerification, { verified: false }>;

/** The input is the self-hosted organization verified (null when restored from saved progress). */
export type VerificationState = AsyncState<VerificationOutcome, string | null>;

export interface SyncVerifyState {
  guide: SyncVerifyGuide | null;
  wait: SyncWaitState;
  /** The sync wait's last poll, while it waits. */
  waitProgress: SyncWaitProgress | null;
  /** The last sync the server recorded (restored from saved progress, or seen now). */
  lastSyncDate: string | null;
  logs: ServerLogExcerpt | null;
  report: { report: SetupReport; text: string } | null;
  reportError: IpcError | null;
  reportSavedTo: string | null;
  /** Verify now, through the license sync: what the server proved (or the step that fixes it). */
  verification: VerificationState;
}

export interface BillingSyncSlice {
  billingSync: BillingSyncState;
  syncVerify: SyncVerifyState;
  loadTokenStatus(cloudOrgId: string): Promise<void>;
  requestOtp(): Promise<void>;
  /** Resolves true on success. The password is passed through and not kept. */
  fetchToken(cloudOrgId: string, verification: TokenVerification, rotate: boolean): Promise<boolean>;
  pasteToken(cloudOrgId: string, token: string): Promise<boolean>;
  /** Shows the kept token (only on the admin's explicit request); null when main refused. */
  revealToken(cloudOrgId: string): Promise<string | null>;
  /** Copies the kept token in main (the page never sees it); resolves true when copied. */
  copyToken(cloudOrgId: string): Promise<boolean>;
  saveToken(selfOrgId: string, cloudOrgId: string): Promise<boolean>;
  loadServerStatus(selfOrgId: string): Promise<void>;
  renewLicense(selfOrgId: string): Promise<void>;
  loadSyncGuide(): Promise<void>;
  startSyncWait(selfOrgId: string, timeoutSeconds: number, intervalSeconds?: number): Promise<void>;
  cancelSyncWait(): Promise<void>;
  loadServerLogs(): Promise<void>;
  loadReport(): Promise<void>;
  saveReport(format: 'text' | 'json'): Promise<void>;
  /** Verifies through the license sync; resolves to the new state. */
  verifyNow(selfOrgId: string): Promise<VerificationState>;
  /** Sets values restored from saved progress (see wizard-progress.ts). */
  restoreSyncProgress(values: { lastSyncDate: string | null; lastLicenseSync?: string | null }): void;
}

const installIdOf = (state: WizardStore): string | null => knownInstall(state.install)?.installId ?? null;

/** What the Billing sync step is waiting for, if anything. */
export function billingSyncBusy(state: Pick<BillingSyncSlice, 'billingSync'>): BillingSyncAction | null {
  const request = state.billingSync.request;
  return request.kind === 'loading' ? request.input : null;
}

/** The last request's failure, until the next request. */
export function billingSyncError(state: Pick<BillingSyncSlice, 'billingSync'>): IpcError | null {
  const request = state.billingSync.request;
  return request.kind === 'failed' ? request.error : null;
}

export const createBillingSyncSlice: StateCreator<WizardStore, [], [], BillingSyncSlice> = (set, get) => {
  const patch = (change: Partial<BillingSyncState>) => set({ billingSync: { ...get().billingSync, ...change } });
  const patchSync = (change: Partial<SyncVerifyState>) => set({ syncVerify: { ...get().syncVerify, ...change } });
  /** Runs one request as `action`: busy meanwhile, then done or failed; resolves to its value on success. */
  const run = async <T>(action: BillingSyncAction, call: () => Promise<{ ok: true; value: T } | { ok: false; error: IpcError }>): Promise<T | null> => {
    patch({ request: loading(action) });
    const result = await call();
    patch({ request: result.ok ? settled({ ok: true, value: true }, action) : settled(result, action) });
    return result.ok ? result.value : null;
  };

  return {
    billingSync: { tokenStatus: null, kept: null, otpSent: false, saved: null, server: null, renewedAt: null, request: idle },
    syncVerify: { guide: null, wait: idle, waitProgress: null, lastSyncDate: null, logs: null, report: null, reportError: null, reportSavedTo: null, verification: idle },

    async loadTokenStatus(cloudOrgId) {
      const tokenStatus = await run('status', () => window.sponsorship.billingSync.tokenStatus(cloudOrgId));
      if (tokenStatus) patch({ tokenStatus });
    },
    async requestOtp() {
      if (await run('otp', () => window.sponsorship.billingSync.requestOtp())) patch({ otpSent: true });
    },
    async fetchToken(cloudOrgId, verification, rotate) {
      const kept = await run('fetching', () => window.sponsorship.billingSync.fetchToken({ cloudOrgId, verification, rotate }));
      if (!kept) return false;
      patch({ kept, otpSent: false });
      await get().loadTokenStatus(cloudOrgId);
      return true;
    },
    async pasteToken(cloudOrgId, token) {
      const kept = await run('pasting', () => window.sponsorship.billingSync.pasteToken({ cloudOrgId, token }));
      if (!kept) return false;
      patch({ kept });
      if (get().connections.cloud?.state === 'signed-in') await get().loadTokenStatus(cloudOrgId);
      return true;
    },
    async revealToken(cloudOrgId) {
      const result = await window.sponsorship.billingSync.revealToken(cloudOrgId);
      return result.ok ? result.value.token : null;
    },
    async copyToken(cloudOrgId) {
      const result = await window.sponsorship.billingSync.copyToken(cloudOrgId);
      return result.ok && result.value.copied;
    },
    async saveToken(selfOrgId, cloudOrgId) {
      const saved = await run('saving', () => window.sponsorship.billingSync.save({ selfOrgId, cloudOrgId }));
      if (!saved) return false;
      patch({ saved });
      await get().loadServerStatus(selfOrgId);
      return true;
    },
    async loadServerStatus(selfOrgId) {
      // A refresh in the background: not shown as busy, and a success keeps the last request's outcome.
      const result = await window.sponsorship.billingSync.status(selfOrgId);
      if (!result.ok) return patch({ request: settled(result, 'server-status') });
      patch({ server: result.value });
      if (result.value.lastSyncDate) patchSync({ lastSyncDate: result.value.lastSyncDate });
    },
    async renewLicense(selfOrgId) {
      const renewed = await run('renewing', () => window.sponsorship.billingSync.renewLicense(selfOrgId));
      if (renewed) patch({ renewedAt: renewed.lastLicenseSync ?? new Date().toISOString() });
    },
    async loadSyncGuide() {
      const state = get();
      const result = await window.sponsorship.billingSync.syncGuide({ selfOrgId: state.connections.self?.organizationId ?? null, installId: installIdOf(state) });
      if (result.ok) patchSync({ guide: result.value });
    },
    async startSyncWait(selfOrgId, timeoutSeconds, intervalSeconds = 3) {
      const run: SyncWaitRun = { operationId: `sync-wait-${Date.now()}`, since: new Date().toISOString() };
      const waiting = loading(run);
      const current = () => get().syncVerify.wait === waiting;
      patchSync({ wait: waiting, waitProgress: null });
      const unsubscribe = window.sponsorship.billingSync.onSyncProgress((progress) => {
        if (current() && progress.operationId === run.operationId) patchSync({ waitProgress: progress });
      });
      try {
        const result = await window.sponsorship.billingSync.waitForSync({ ...run, selfOrgId, timeoutSeconds, intervalSeconds });
        if (!current()) return;
        if (!result.ok && result.error.kind === 'cancelled') return patchSync({ wait: idle, waitProgress: null });
        patchSync({ wait: settled(result, run), waitProgress: null, ...(result.ok && result.value.outcome === 'synced' ? { lastSyncDate: result.value.lastSyncDate } : {}) });
      } finally {
        unsubscribe();
      }
    },
    async cancelSyncWait() {
      const wait = get().syncVerify.wait;
      if (wait.kind !== 'loading') return;
      patchSync({ wait: idle, waitProgress: null });
      await window.sponsorship.app.cancelOperation(wait.input.operationId);
    },
    async loadServerLogs() {
      const installId = installIdOf(get());
      if (!installId) return;
      const result = await window.sponsorship.billingSync.serverLogs(installId);
      patchSync({ logs: result.ok ? result.value : { lines: [], notes: [result.error.message] } });
    },
    async loadReport() {
      const result = await window.sponsorship.billingSync.report(installIdOf(get()));
      patchSync(result.ok ? { report: result.value, reportError: null } : { reportError: result.error });
    },
    async saveReport(format) {
      const result = await window.sponsorship.billingSync.saveReport({ installId: installIdOf(get()), format });
      patchSync(result.ok ? { reportSavedTo: result.value.savedTo } : { reportError: result.error });
    },
    async verifyNow(selfOrgId) {
      patchSync({ verification: loading(selfOrgId) });
      const result = await window.sponsorship.billingSync.verify(selfOrgId);
      const verification: VerificationState = settled<VerificationOutcome, string | null>(result, selfOrgId);
      patchSync({ verification });
      return verification;
    },
    restoreSyncProgress({ lastSyncDate, lastLicenseSync }) {
      if (lastLicenseSync && get().syncVerify.verification.kind === 'idle') patchSync({ verification: { kind: 'ready', input: null, value: { verified: true, lastLicenseSync } } });
      if (lastSyncDate && !get().syncVerify.lastSyncDate) patchSync({ lastSyncDate });
    },
  };
};

/** Billing sync is done when the server holds an enabled connection with a token (saved now or before). */
export function isBillingSyncSaved(state: Pick<BillingSyncSlice, 'billingSync'>): boolean {
  const server = state.billingSync.server;
  if (server) return Boolean(server.connection?.enabled && server.connection.tokenSet);
  return state.billingSync.saved !== null;
}

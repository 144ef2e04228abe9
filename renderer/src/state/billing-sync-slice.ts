import type { StateCreator } from 'zustand';
import type { BillingSyncStatus, LicenseSyncVerification, SavedConnection, ServerLogExcerpt, SetupReport, SyncWaitProgress, SyncWaitResult, TokenKept, TokenStatus } from '../../../main/core/billing-sync';
import type { IpcError } from '../../../main/ipc';
import type { BillingSyncTexts, SyncVerifyGuide } from '../../../main/ipc/contracts/billing-sync-contract';
import type { TokenVerificationInput } from '../../../preload/api/billing-sync-api';
import { knownInstall } from './install-slice';
import type { WizardStore } from './wizard-store';

export type BillingSyncBusy = 'status' | 'fetching' | 'otp' | 'pasting' | 'saving' | 'renewing' | null;

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
  busy: BillingSyncBusy;
  error: IpcError | null;
}

export type SyncWaitState =
  | { kind: 'idle' }
  | { kind: 'waiting'; operationId: string; since: string; progress: SyncWaitProgress | null }
  | { kind: 'finished'; result: SyncWaitResult }
  | { kind: 'failed'; error: IpcError };

export interface SyncVerifyState {
  guide: SyncVerifyGuide | null;
  wait: SyncWaitState;
  /** The last sync the server recorded (restored from saved progress, or seen now). */
  lastSyncDate: string | null;
  logs: ServerLogExcerpt | null;
  report: { report: SetupReport; text: string } | null;
  reportError: IpcError | null;
  reportSavedTo: string | null;
  /** Verify now, through the license sync: what the server proved (or the step that fixes it). */
  verification: VerificationState;
}

export type VerificationState =
  | { kind: 'idle' }
  | { kind: 'verifying' }
  | { kind: 'verified'; lastLicenseSync: string }
  | { kind: 'unverified'; result: Extract<LicenseSyncVerification, { verified: false }> }
  | { kind: 'failed'; error: IpcError };

export interface BillingSyncSlice {
  billingSync: BillingSyncState;
  syncVerify: SyncVerifyState;
  loadTokenStatus(cloudOrgId: string): Promise<void>;
  requestOtp(): Promise<void>;
  /** Resolves true on success. The password is passed through and not kept. */
  fetchToken(cloudOrgId: string, verification: TokenVerificationInput, rotate: boolean): Promise<boolean>;
  pasteToken(cloudOrgId: string, token: string): Promise<boolean>;
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

export const createBillingSyncSlice: StateCreator<WizardStore, [], [], BillingSyncSlice> = (set, get) => {
  const patch = (change: Partial<BillingSyncState>) => set({ billingSync: { ...get().billingSync, ...change } });
  const patchSync = (change: Partial<SyncVerifyState>) => set({ syncVerify: { ...get().syncVerify, ...change } });

  return {
    billingSync: { tokenStatus: null, kept: null, otpSent: false, saved: null, server: null, renewedAt: null, busy: null, error: null },
    syncVerify: { guide: null, wait: { kind: 'idle' }, lastSyncDate: null, logs: null, report: null, reportError: null, reportSavedTo: null, verification: { kind: 'idle' } },

    async loadTokenStatus(cloudOrgId) {
      patch({ busy: 'status' });
      const result = await window.sponsorship.billingSync.tokenStatus(cloudOrgId);
      patch(result.ok ? { busy: null, tokenStatus: result.value, error: null } : { busy: null, error: result.error });
    },
    async requestOtp() {
      patch({ busy: 'otp' });
      const result = await window.sponsorship.billingSync.requestOtp();
      patch(result.ok ? { busy: null, otpSent: true, error: null } : { busy: null, error: result.error });
    },
    async fetchToken(cloudOrgId, verification, rotate) {
      patch({ busy: 'fetching', error: null });
      const result = await window.sponsorship.billingSync.fetchToken(cloudOrgId, verification, rotate);
      if (!result.ok) {
        patch({ busy: null, error: result.error });
        return false;
      }
      patch({ busy: null, kept: result.value, otpSent: false });
      await get().loadTokenStatus(cloudOrgId);
      return true;
    },
    async pasteToken(cloudOrgId, token) {
      patch({ busy: 'pasting', error: null });
      const result = await window.sponsorship.billingSync.pasteToken(cloudOrgId, token);
      if (!result.ok) {
        patch({ busy: null, error: result.error });
        return false;
      }
      patch({ busy: null, kept: result.value });
      if (get().connections.cloud?.state === 'signed-in') await get().loadTokenStatus(cloudOrgId);
      return true;
    },
    async saveToken(selfOrgId, cloudOrgId) {
      patch({ busy: 'saving', error: null });
      const result = await window.sponsorship.billingSync.save(selfOrgId, cloudOrgId);
      if (!result.ok) {
        patch({ busy: null, error: result.error });
        return false;
      }
      patch({ busy: null, saved: result.value });
      await get().loadServerStatus(selfOrgId);
      return true;
    },
    async loadServerStatus(selfOrgId) {
      const result = await window.sponsorship.billingSync.status(selfOrgId);
      if (result.ok) {
        patch({ server: result.value });
        if (result.value.lastSyncDate) patchSync({ lastSyncDate: result.value.lastSyncDate });
      } else patch({ error: result.error });
    },
    async renewLicense(selfOrgId) {
      patch({ busy: 'renewing', error: null });
      const result = await window.sponsorship.billingSync.renewLicense(selfOrgId);
      patch(result.ok ? { busy: null, renewedAt: result.value.lastLicenseSync ?? new Date().toISOString() } : { busy: null, error: result.error });
    },
    async loadSyncGuide() {
      const state = get();
      const result = await window.sponsorship.billingSync.syncGuide(state.connections.self?.organizationId ?? null, installIdOf(state));
      if (result.ok) patchSync({ guide: result.value });
    },
    async startSyncWait(selfOrgId, timeoutSeconds, intervalSeconds = 3) {
      const operationId = `sync-wait-${Date.now()}`;
      const since = new Date().toISOString();
      patchSync({ wait: { kind: 'waiting', operationId, since, progress: null } });
      const unsubscribe = window.sponsorship.billingSync.onSyncProgress((progress) => {
        const wait = get().syncVerify.wait;
        if (wait.kind === 'waiting' && wait.operationId === progress.operationId) patchSync({ wait: { ...wait, progress } });
      });
      try {
        const result = await window.sponsorship.billingSync.waitForSync({ operationId, selfOrgId, since, timeoutSeconds, intervalSeconds });
        const wait = get().syncVerify.wait;
        if (wait.kind !== 'waiting' || wait.operationId !== operationId) return;
        if (result.ok) patchSync({ wait: { kind: 'finished', result: result.value }, ...(result.value.outcome === 'synced' ? { lastSyncDate: result.value.lastSyncDate } : {}) });
        else patchSync({ wait: result.error.kind === 'cancelled' ? { kind: 'idle' } : { kind: 'failed', error: result.error } });
      } finally {
        unsubscribe();
      }
    },
    async cancelSyncWait() {
      const wait = get().syncVerify.wait;
      if (wait.kind !== 'waiting') return;
      patchSync({ wait: { kind: 'idle' } });
      await window.sponsorship.app.cancelOperation(wait.operationId);
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
      const result = await window.sponsorship.billingSync.saveReport(installIdOf(get()), format);
      patchSync(result.ok ? { reportSavedTo: result.value.savedTo } : { reportError: result.error });
    },
    async verifyNow(selfOrgId) {
      patchSync({ verification: { kind: 'verifying' } });
      const result = await window.sponsorship.billingSync.verify(selfOrgId);
      const verification: VerificationState = !result.ok
        ? { kind: 'failed', error: result.error }
        : result.value.verified
          ? { kind: 'verified', lastLicenseSync: result.value.lastLicenseSync }
          : { kind: 'unverified', result: result.value };
      patchSync({ verification });
      return verification;
    },
    restoreSyncProgress({ lastSyncDate, lastLicenseSync }) {
      if (lastLicenseSync && get().syncVerify.verification.kind === 'idle') patchSync({ verification: { kind: 'verified', lastLicenseSync } });
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

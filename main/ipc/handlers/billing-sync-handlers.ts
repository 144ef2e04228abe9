import { writeFile } from 'node:fs/promises';
import {
  adminPortalInstructions,
  collectSetupReport,
  DAILY_SYNC_EXPLANATION,
  fetchToken,
  formatSetupReportText,
  pasteToken,
  readBillingSyncStatus,
  readSyncLogExcerpt,
  readTokenStatus,
  renewLicenseThroughSync,
  verifyAndRecord,
  requestTokenOtp,
  requireStoredToken,
  ROTATE_WARNING,
  saveBillingSyncConnection,
  SPONSORSHIP_FIRST_EXPLANATION,
  TOKEN_NOT_CHECKED_AT_SAVE,
  waitForSync,
  webVaultSaveSteps,
  WIZARD_KEYS,
} from '../../core/billing-sync';
import { readInstallStatus } from '../../core/install';
import { EVENTS, INVOKE } from '../channels';
import type { HandlerTable } from '../handler-table';
import type { AppServices } from '../services';
import { confirmSavedConnection, createTrust, installFolder, type Trust } from '../trust';
import type { ValueOf } from '../channels';
import type { BILLING_SYNC_INVOKE } from '../channels/billing-sync-channels';

type BillingSyncChannels = ValueOf<typeof BILLING_SYNC_INVOKE>;

/**
 * Billing sync, Sync & verify, the finished-setup report and the wizard's saved progress. The master
 * password (or code) arrives once in `billingSyncFetchToken` and goes to the KDF and one request; the
 * token leaves main only through the explicit reveal call (copy goes through main's clipboard).
 */
export function billingSyncHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, BillingSyncChannels> {
  const { connections, settings } = services;
  const store = () => services.secrets.store;
  const remember = (values: Record<string, string | null>) =>
    settings.update((s) => ({ ...s, wizard: { ...s.wizard, values: { ...s.wizard.values, ...values } } }));
  const report = async (installId: string | null) => {
    const folder = installId ? await installFolder(services, trust, installId, 'read') : null;
    const signedIn = (await settings.load()).servers.self !== undefined;
    const built = await collectSetupReport({
      host: services.host,
      settings,
      secrets: store(),
      connections: signedIn ? connections : undefined,
      installFolder: folder ?? undefined,
    });
    return { report: built, text: formatSetupReportText(built) };
  };

  return {
    [INVOKE.billingSyncTokenStatus]: async ({ cloudOrgId }) => {
      const status = await readTokenStatus(await connections.client('cloud'), store(), cloudOrgId);
      const vaultUrl = (await settings.load()).servers.self?.vaultUrl ?? null;
      return { ...status, rotateWarning: ROTATE_WARNING, notCheckedAtSave: TOKEN_NOT_CHECKED_AT_SAVE, webVaultSteps: webVaultSaveSteps(vaultUrl) };
    },
    [INVOKE.billingSyncRequestOtp]: async () => {
      await requestTokenOtp(await connections.client('cloud'));
      return { sent: true as const };
    },
    [INVOKE.billingSyncFetchToken]: async ({ cloudOrgId, verification, rotate }) => {
      await confirmSavedConnection(services, trust.handles, 'cloud', 'master password hash');
      const kept = await fetchToken({ cloud: await connections.client('cloud'), secrets: store(), cloudOrgId, verification, rotate, log: services.log });
      await remember({ [WIZARD_KEYS.cloudOrgId]: kept.cloudOrgId });
      return kept;
    },
    [INVOKE.billingSyncPasteToken]: async ({ cloudOrgId, token }) => {
      const kept = await pasteToken(store(), cloudOrgId, token, services.log);
      await remember({ [WIZARD_KEYS.cloudOrgId]: kept.cloudOrgId });
      return kept;
    },
    [INVOKE.billingSyncRevealToken]: async ({ cloudOrgId }) => {
      services.log(`[billing-sync] token of ${cloudOrgId} revealed on the admin's request`);
      return { token: await requireStoredToken(store(), cloudOrgId) };
    },
    [INVOKE.billingSyncCopyToken]: async ({ cloudOrgId }) => {
      services.clipboard.writeText(await requireStoredToken(store(), cloudOrgId));
      services.log(`[billing-sync] token of ${cloudOrgId} copied to the clipboard`);
      return { copied: true };
    },
    [INVOKE.billingSyncSave]: async ({ selfOrgId, cloudOrgId }) => {
      const token = await requireStoredToken(store(), cloudOrgId);
      await confirmSavedConnection(services, trust.handles, 'self', 'billing sync token');
      const saved = await saveBillingSyncConnection({ self: await connections.client('self'), selfHostedOrgId: selfOrgId, token, log: services.log });
      await remember({
        [WIZARD_KEYS.selfOrgId]: saved.selfHostedOrgId,
        [WIZARD_KEYS.connectionId]: saved.connectionId,
        [WIZARD_KEYS.savedAt]: new Date().toISOString(),
      });
      return saved;
    },
    [INVOKE.billingSyncStatus]: async ({ selfOrgId }) => readBillingSyncStatus(await connections.client('self'), selfOrgId),
    [INVOKE.billingSyncRenewLicense]: async ({ selfOrgId }) => renewLicenseThroughSync(await connections.client('self'), selfOrgId, services.log),
    // Verifies, records the evidence the report reads (only a verified sync marks Sync & verify done), and reads the sponsorship sync as information.
    [INVOKE.billingSyncVerify]: async ({ selfOrgId }) => verifyAndRecord({ self: await connections.client('self'), settings, selfHostedOrgId: selfOrgId, log: services.log }),
    [INVOKE.syncVerifyGuide]: async ({ selfOrgId, installId }) => {
      let adminEmails: string[] = [];
      let installVault: string | null = null;
      let installNote: string | undefined;
      if (installId) {
        try {
          const install = await readInstallStatus(services.host, trust.handles.installHandle(installId).folder);
          adminEmails = install.adminEmails;
          installVault = install.vaultUrl;
        } catch (error) {
          installNote = `The install could not be read for the admin e-mails: ${error instanceof Error ? error.message : String(error)}`;
        }
      } else installNote = 'Read the install in the Connect step to see the admin e-mails (adminSettings__admins).';
      const vaultUrl = installVault ?? (await settings.load()).servers.self?.vaultUrl ?? null;
      const adminPortal = adminPortalInstructions({ vaultUrl, selfHostedOrgId: selfOrgId, adminEmails });
      return {
        adminPortal,
        portalLinkId: adminPortal.portalUrl ? trust.links.register(adminPortal.portalUrl) : null,
        organizationLinkId: adminPortal.organizationUrl ? trust.links.register(adminPortal.organizationUrl) : null,
        sponsorshipFirst: SPONSORSHIP_FIRST_EXPLANATION,
        dailySync: DAILY_SYNC_EXPLANATION,
        installNote,
      };
    },
    [INVOKE.syncVerifyWait]: async ({ operationId, selfOrgId, since, timeoutSeconds, intervalSeconds }, context) => {
      const signal = context.trackOperation(operationId);
      await remember({ [WIZARD_KEYS.selfOrgId]: selfOrgId, [WIZARD_KEYS.syncSince]: since });
      const result = await waitForSync({
        self: await connections.client('self'),
        selfHostedOrgId: selfOrgId,
        since: new Date(since),
        timeoutMs: timeoutSeconds * 1000,
        intervalMs: intervalSeconds * 1000,
        signal,
        onProgress: (progress) => context.emit(EVENTS.syncVerifyProgress, { operationId, ...progress }),
      });
      if (result.outcome === 'synced') await remember({ [WIZARD_KEYS.lastSyncDate]: result.lastSyncDate });
      return result;
    },
    [INVOKE.syncVerifyServerLogs]: async ({ installId }) => {
      const install = await readInstallStatus(services.host, trust.handles.installHandle(installId).folder);
      return readSyncLogExcerpt(services.host, install.bwdataPath);
    },
    [INVOKE.setupReport]: async ({ installId }) => report(installId),
    [INVOKE.setupReportSave]: async ({ installId, format }) => {
      const built = await report(installId);
      const stamp = built.report.generatedAt.replace(/[:.]/g, '-');
      const target = await services.dialogs.saveFile({
        title: 'Save the setup report',
        defaultPath: `${services.paths.downloads}/sponsorship-setup-report-${stamp}.${format === 'json' ? 'json' : 'txt'}`,
      });
      if (!target) return { savedTo: null };
      await writeFile(target, format === 'json' ? `${JSON.stringify(built.report, null, 2)}\n` : built.text, { mode: 0o600 });
      services.log(`[report] saved the setup report to ${target}`);
      return { savedTo: target };
    },
    [INVOKE.wizardProgressLoad]: async () => {
      const current = await settings.load();
      // Saved only from an install chosen in main, so it comes back as chosen.
      return {
        currentStep: current.wizard.currentStep ?? null,
        completedSteps: current.wizard.completedSteps,
        // A folder saved on this computer is offered only while the app works on this computer.
        install: current.lastInstallFolder && trust.handles.currentHostKey() === 'local' ? trust.handles.issueInstall(current.lastInstallFolder, true) : null,
        values: current.wizard.values,
      };
    },
    [INVOKE.wizardProgressSave]: async ({ currentStep, completedSteps, installId, values }) => {
      // Only an install the admin chose in main is remembered (a typed, unconfirmed one is not).
      const install = installId ? trust.handles.installHandle(installId) : null;
      // A server's folder is remembered with its saved server (sshServers), never as this computer's.
      const installFolder = install?.confirmed && trust.handles.currentHostKey() === 'local' ? install.folder : null;
      // The settings schema refuses secret-looking keys, so a mistaken value is an error, not a leak.
      await settings.update((s) => ({
        ...s,
        ...(installFolder ? { lastInstallFolder: installFolder } : {}),
        wizard: {
          currentStep: currentStep || undefined,
          completedSteps,
          values: { ...s.wizard.values, ...values },
        },
      }));
      return { saved: true as const };
    },
  };
}

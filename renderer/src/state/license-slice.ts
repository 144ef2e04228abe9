import type { StateCreator } from 'zustand';
// The same cap main applies, from a file with no imports: a larger drop is refused without being registered.
import { LICENSE_FILE_READ_MAX_BYTES } from '../../../main/core/license/license-limits';
import type { LicensingCertificateInfo } from '../../../main/core/license';
import type { FileHandle, IpcError } from '../../../main/ipc';
import type { LICENSE_INVOKE } from '../../../main/ipc/channels/license-channels';
import type { RequestOf } from '../../../main/ipc/contracts';
import type {
  InspectedLicense,
  LicenseManualStepsView,
  RegionCheck,
  UploadOutcome,
} from '../../../main/ipc/contracts/license-contract';
import type { ConnectionView } from './connections-slice';
import { knownInstall } from './install-slice';
import type { WizardStore } from './wizard-store';


export type LicenseFileState =
  | { kind: 'none' }
  | { kind: 'reading'; fileName: string }
  | { kind: 'inspected'; /** The handle main issued (picker, drop, download); kept to re-inspect and upload it. */
      source: FileHandle;
      origin: 'picked' | 'dropped' | 'downloaded'; result: InspectedLicense }
  | { kind: 'failed'; fileName: string; error: IpcError };

export type LicenseCertificateState =
  | { kind: 'none' }
  | { kind: 'chosen'; certificateId: string; name: string; info: LicensingCertificateInfo }
  | { kind: 'failed'; error: IpcError };

export type LicenseRegionState =
  | { kind: 'idle' }
  | { kind: 'checking'; installationId: string }
  | { kind: 'checked'; result: RegionCheck }
  | { kind: 'failed'; installationId: string; error: IpcError };

export type LicenseDownloadState = { kind: 'idle' } | { kind: 'downloading' } | { kind: 'cancelled' } | { kind: 'failed'; error: IpcError };

export type LicenseUploadState =
  | { kind: 'idle' }
  | { kind: 'uploading'; forced: boolean }
  | { kind: 'uploaded'; outcome: UploadOutcome; fileName: string }
  | { kind: 'failed'; error: IpcError };

export type LicenseManualState = { kind: 'none' } | { kind: 'loaded'; key: string; steps: LicenseManualStepsView };

export interface LicenseSlice {
  licenseFile: LicenseFileState;
  licenseCertificate: LicenseCertificateState;
  licenseRegion: LicenseRegionState;
  licenseDownload: LicenseDownloadState;
  licenseUpload: LicenseUploadState;
  licenseManual: LicenseManualState;
  /** Organizations chosen on this screen (default: the one chosen in Connect, or the only owned one). */
  licenseCloudOrgId: string | null;
  licenseSelfOrgId: string | null;
  pickLicenseFile(): Promise<void>;
  importDroppedLicense(file: File): Promise<void>;
  /** Inspects the current file again (after the install or the certificate changed). */
  reinspectLicense(): Promise<void>;
  pickLicenseCertificate(): Promise<void>;
  clearLicenseCertificate(): Promise<void>;
  /** Reads the connections (the connections slice) and takes their organizations as this screen's defaults. */
  loadLicenseConnections(): Promise<void>;
  checkLicenseRegion(installationId: string): Promise<void>;
  downloadLicense(): Promise<void>;
  uploadLicense(options: { force: boolean }): Promise<void>;
  loadLicenseManualSteps(): Promise<void>;
  chooseLicenseOrganization(role: 'cloud' | 'self', organizationId: string): void;
}

/** The installation ID of the install read in Connect, if any. */
export function licenseInstallationId(state: Pick<WizardStore, 'install'>): string | null {
  return knownInstall(state.install)?.install.installationId ?? null;
}

function checkFor(state: WizardStore) {
  const installationId = licenseInstallationId(state);
  const certificateId = state.licenseCertificate.kind === 'chosen' ? state.licenseCertificate.certificateId : undefined;
  return { installationId: installationId ?? undefined, certificateId };
}

/** The organization chosen in Connect, or the only one the account owns; none while the sign-in fails. */
function defaultOrganization(view: ConnectionView | null): string | null {
  if (view?.state !== 'signed-in') return null;
  return view.organizationId ?? (view.ownerOrganizations.length === 1 ? view.ownerOrganizations[0]!.id : null);
}

/** The cloud region for the manual steps: the cloud connection's, else the install's, else US. */
export function licenseCloudRegion(state: Pick<WizardStore, 'install' | 'connections'>): 'US' | 'EU' {
  const connection = state.connections.cloud;
  if (connection?.region === 'US' || connection?.region === 'EU') return connection.region;
  return knownInstall(state.install)?.install.cloudRegion === 'EU' ? 'EU' : 'US';
}

export const createLicenseSlice: StateCreator<WizardStore, [], [], LicenseSlice> = (set, get) => {
  const inspect = async (source: FileHandle, origin: 'picked' | 'dropped' | 'downloaded') => {
    const fileName = source.name;
    set({ licenseFile: { kind: 'reading', fileName }, licenseUpload: { kind: 'idle' } });
    const result = await window.sponsorship.license.inspect({ fileId: source.fileId, ...checkFor(get()) });
    set({ licenseFile: result.ok ? { kind: 'inspected', source, origin, result: result.value } : { kind: 'failed', fileName, error: result.error } });
  };

  return {
    licenseFile: { kind: 'none' },
    licenseCertificate: { kind: 'none' },
    licenseRegion: { kind: 'idle' },
    licenseDownload: { kind: 'idle' },
    licenseUpload: { kind: 'idle' },
    licenseManual: { kind: 'none' },
    licenseCloudOrgId: null,
    licenseSelfOrgId: null,

    async pickLicenseFile() {
      const picked = await window.sponsorship.license.pickFile();
      if (picked.ok && picked.value.file) await inspect(picked.value.file, 'picked');
    },
    async importDroppedLicense(file) {
      if (file.size > LICENSE_FILE_READ_MAX_BYTES) {
        set({
          licenseFile: {
            kind: 'failed',
            fileName: file.name,
            error: { kind: 'unusable-input', code: 'file-too-large', message: `${file.name} is ${file.size} bytes; a license is a few KB, so it was not read.` },
          },
        });
        return;
      }
      // The preload finds the dropped file on disk and main hands back a handle; the page sends no bytes or path.
      const registered = await window.sponsorship.app.registerDroppedLicense(file);
      if (!registered.ok) {
        set({ licenseFile: { kind: 'failed', fileName: file.name, error: registered.error } });
        return;
      }
      await inspect(registered.value, 'dropped');
    },
    async reinspectLicense() {
      const current = get().licenseFile;
      if (current.kind === 'inspected') await inspect(current.source, current.origin);
    },
    async pickLicenseCertificate() {
      const picked = await window.sponsorship.license.pickCertificate();
      if (!picked.ok) set({ licenseCertificate: { kind: 'failed', error: picked.error } });
      else if (picked.value.certificate) {
        const { fileId, name, info } = picked.value.certificate;
        set({ licenseCertificate: { kind: 'chosen', certificateId: fileId, name, info } });
      }
      else return;
      await get().reinspectLicense();
    },
    async clearLicenseCertificate() {
      set({ licenseCertificate: { kind: 'none' } });
      await get().reinspectLicense();
    },
    async loadLicenseConnections() {
      await get().loadConnections();
      const { cloud, self } = get().connections;
      set((state) => ({
        licenseCloudOrgId: state.licenseCloudOrgId ?? defaultOrganization(cloud),
        licenseSelfOrgId: state.licenseSelfOrgId ?? defaultOrganization(self),
      }));
    },
    async checkLicenseRegion(installationId) {
      set({ licenseRegion: { kind: 'checking', installationId } });
      const result = await window.sponsorship.license.checkRegion(installationId);
      set({ licenseRegion: result.ok ? { kind: 'checked', result: result.value } : { kind: 'failed', installationId, error: result.error } });
    },
    async downloadLicense() {
      const state = get();
      const installationId = licenseInstallationId(state);
      if (!installationId || !state.licenseCloudOrgId) return;
      set({ licenseDownload: { kind: 'downloading' } });
      const certificateId = state.licenseCertificate.kind === 'chosen' ? state.licenseCertificate.certificateId : undefined;
      const result = await window.sponsorship.license.download({ cloudOrgId: state.licenseCloudOrgId, installationId, certificateId, keep: 'app-data' });
      if (!result.ok) {
        set({ licenseDownload: { kind: 'failed', error: result.error } });
        return;
      }
      if (!result.value.saved) {
        set({ licenseDownload: { kind: 'cancelled' } });
        return;
      }
      const { saved: _saved, ...inspected } = result.value;
      set({
        licenseDownload: { kind: 'idle' },
        licenseUpload: { kind: 'idle' },
        licenseFile: { kind: 'inspected', source: { fileId: inspected.fileId, name: inspected.fileName }, origin: 'downloaded', result: inspected },
      });
    },
    async uploadLicense({ force }) {
      const state = get();
      const file = state.licenseFile;
      if (file.kind !== 'inspected' || !state.licenseSelfOrgId) return;
      set({ licenseUpload: { kind: 'uploading', forced: force } });
      const result = await window.sponsorship.license.upload({ fileId: file.source.fileId, selfOrgId: state.licenseSelfOrgId, force, ...checkFor(state) });
      set({ licenseUpload: result.ok ? { kind: 'uploaded', outcome: result.value, fileName: file.result.fileName } : { kind: 'failed', error: result.error } });
    },
    async loadLicenseManualSteps() {
      const state = get();
      const self = state.connections.self;
      const input: RequestOf<typeof LICENSE_INVOKE.licenseManualSteps> = {
        installationId: licenseInstallationId(state),
        cloudRegion: licenseCloudRegion(state),
        cloudOrgId: state.licenseCloudOrgId,
        // Main finds the self-hosted vault itself (the connection's, else this install's).
        installId: knownInstall(state.install)?.installId ?? null,
        selfOrgId: state.licenseSelfOrgId,
        noOrganizationYet: self?.state === 'signed-in' && self.ownerOrganizations.length === 0,
      };
      const key = JSON.stringify(input);
      if (state.licenseManual.kind === 'loaded' && state.licenseManual.key === key) return;
      const result = await window.sponsorship.license.manualSteps(input);
      if (result.ok) set({ licenseManual: { kind: 'loaded', key, steps: result.value } });
    },
    chooseLicenseOrganization(role, organizationId) {
      set(role === 'cloud' ? { licenseCloudOrgId: organizationId } : { licenseSelfOrgId: organizationId, licenseUpload: { kind: 'idle' } });
    },
  };
};

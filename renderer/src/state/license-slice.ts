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
import { idle, loading, readyValue, settled, type AsyncState } from './async-state';
import type { ConnectionView } from './connections-slice';
import { knownInstall } from './install-slice';
import type { WizardStore } from './wizard-store';

/** A license file the app holds and what the offline inspection found. */
export interface InspectedLicenseFile {
  /** The handle main issued (picker, drop, download); kept to re-inspect and upload it. */
  source: FileHandle;
  origin: 'picked' | 'dropped' | 'downloaded';
  result: InspectedLicense;
}

/** The input is the file's name, shown while it is read and when it cannot be. */
export type LicenseFileState = AsyncState<InspectedLicenseFile, string>;

export interface ChosenCertificate {
  certificateId: string;
  name: string;
  info: LicensingCertificateInfo;
}

/** Idle = Bitwarden's built-in certificate; ready = the one the admin chose instead. */
export type LicenseCertificateState = AsyncState<ChosenCertificate>;

/** The input is the installation ID asked about. */
export type LicenseRegionState = AsyncState<RegionCheck, string>;

/**
 * The value is the downloaded file's name. Extension: `cancelled` when main saved nothing because
 * the admin closed the save dialog.
 */
export type LicenseDownloadState = AsyncState<string> | { kind: 'cancelled' };

export interface LicenseUploadInput {
  /** The admin's explicit override of the problems found. */
  force: boolean;
  fileName: string;
}

export type LicenseUploadState = AsyncState<UploadOutcome, LicenseUploadInput>;

/** The input is the request's key: the same request is not sent twice. */
export type LicenseManualState = AsyncState<LicenseManualStepsView, string>;

export interface LicenseSlice {
  licenseFile: LicenseFileState;
  licenseCertificate: LicenseCertificateState;
  licenseRegion: LicenseRegionState;
  licenseDownload: LicenseDownloadState;
  licenseUpload: LicenseUploadState;
  licenseManual: LicenseManualState;
  /** The last manual steps loaded, shown while newer ones load (so the page does not jump). */
  licenseManualShown: LicenseManualStepsView | null;
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
  /** "Save a copy…" of a license the app holds; resolves to the note to show. */
  saveLicenseCopy(fileId: string): Promise<string>;
  /** Opens a page main built, by the id it came with (the page never names a URL). */
  openLicenseLink(linkId: string): Promise<void>;
}

/** The installation ID of the install read in Connect, if any. */
export function licenseInstallationId(state: Pick<WizardStore, 'install'>): string | null {
  return knownInstall(state.install)?.install.installationId ?? null;
}

/** The inspected license file, if one is. */
export function inspectedLicense(state: Pick<WizardStore, 'licenseFile'>): InspectedLicenseFile | undefined {
  return readyValue(state.licenseFile);
}

function certificateIdOf(state: WizardStore): string | undefined {
  return readyValue(state.licenseCertificate)?.certificateId;
}

function checkFor(state: WizardStore) {
  const installationId = licenseInstallationId(state);
  return { installationId: installationId ?? undefined, certificateId: certificateIdOf(state) };
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

function manualStepsRequest(state: WizardStore): RequestOf<typeof LICENSE_INVOKE.licenseManualSteps> {
  const self = state.connections.self;
  return {
    installationId: licenseInstallationId(state),
    cloudRegion: licenseCloudRegion(state),
    cloudOrgId: state.licenseCloudOrgId,
    // Main finds the self-hosted vault itself (the connection's, else this install's).
    installId: knownInstall(state.install)?.installId ?? null,
    selfOrgId: state.licenseSelfOrgId,
    noOrganizationYet: self?.state === 'signed-in' && self.ownerOrganizations.length === 0,
  };
}

function fileTooLarge(file: File): IpcError {
  return { kind: 'unusable-input', code: 'file-too-large', message: `${file.name} is ${file.size} bytes; a license is a few KB, so it was not read.` };
}

export const createLicenseSlice: StateCreator<WizardStore, [], [], LicenseSlice> = (set, get) => {
  const inspect = async (source: FileHandle, origin: InspectedLicenseFile['origin']) => {
    const fileName = source.name;
    const reading = loading(fileName);
    set({ licenseFile: reading, licenseUpload: idle });
    const result = await window.sponsorship.license.inspect({ fileId: source.fileId, ...checkFor(get()) });
    // A newer file (or a re-inspection) started meanwhile: keep only the latest answer.
    if (get().licenseFile !== reading) return;
    set({ licenseFile: settled(result.ok ? { ok: true, value: { source, origin, result: result.value } } : result, fileName) });
  };

  return {
    licenseFile: idle,
    licenseCertificate: idle,
    licenseRegion: idle,
    licenseDownload: idle,
    licenseUpload: idle,
    licenseManual: idle,
    licenseManualShown: null,
    licenseCloudOrgId: null,
    licenseSelfOrgId: null,

    async pickLicenseFile() {
      const picked = await window.sponsorship.license.pickFile();
      if (picked.ok && picked.value.file) await inspect(picked.value.file, 'picked');
    },
    async importDroppedLicense(file) {
      if (file.size > LICENSE_FILE_READ_MAX_BYTES) {
        set({ licenseFile: { kind: 'failed', input: file.name, error: fileTooLarge(file) } });
        return;
      }
      // The preload finds the dropped file on disk and main hands back a handle; the page sends no bytes or path.
      const registered = await window.sponsorship.app.registerDroppedLicense(file);
      if (!registered.ok) {
        set({ licenseFile: { kind: 'failed', input: file.name, error: registered.error } });
        return;
      }
      await inspect(registered.value, 'dropped');
    },
    async reinspectLicense() {
      const current = inspectedLicense(get());
      if (current) await inspect(current.source, current.origin);
    },
    async pickLicenseCertificate() {
      const picked = await window.sponsorship.license.pickCertificate();
      if (!picked.ok) set({ licenseCertificate: { kind: 'failed', input: undefined, error: picked.error } });
      else if (picked.value.certificate) {
        const { fileId, name, info } = picked.value.certificate;
        set({ licenseCertificate: { kind: 'ready', input: undefined, value: { certificateId: fileId, name, info } } });
      } else return;
      await get().reinspectLicense();
    },
    async clearLicenseCertificate() {
      set({ licenseCertificate: idle });
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
      set({ licenseRegion: loading(installationId) });
      const result = await window.sponsorship.license.checkRegion(installationId);
      set({ licenseRegion: settled(result, installationId) });
    },
    async downloadLicense() {
      const state = get();
      const installationId = licenseInstallationId(state);
      if (!installationId || !state.licenseCloudOrgId) return;
      set({ licenseDownload: loading() });
      const result = await window.sponsorship.license.download({ cloudOrgId: state.licenseCloudOrgId, installationId, certificateId: certificateIdOf(state), keep: 'app-data' });
      if (!result.ok) return set({ licenseDownload: settled(result) });
      if (!result.value.saved) return set({ licenseDownload: { kind: 'cancelled' } });
      const { saved: _saved, ...inspected } = result.value;
      const file: InspectedLicenseFile = { source: { fileId: inspected.fileId, name: inspected.fileName }, origin: 'downloaded', result: inspected };
      set({ licenseDownload: settled({ ok: true, value: inspected.fileName }), licenseUpload: idle, licenseFile: settled({ ok: true, value: file }, inspected.fileName) });
    },
    async uploadLicense({ force }) {
      const state = get();
      const file = inspectedLicense(state);
      if (!file || !state.licenseSelfOrgId) return;
      const input: LicenseUploadInput = { force, fileName: file.result.fileName };
      set({ licenseUpload: loading(input) });
      const result = await window.sponsorship.license.upload({ fileId: file.source.fileId, selfOrgId: state.licenseSelfOrgId, force, ...checkFor(state) });
      set({ licenseUpload: settled(result, input) });
    },
    async loadLicenseManualSteps() {
      const request = manualStepsRequest(get());
      const key = JSON.stringify(request);
      const current = get().licenseManual;
      // Asked already (answered, or on its way): one request per distinct input.
      if ((current.kind === 'loading' || current.kind === 'ready') && current.input === key) return;
      set({ licenseManual: loading(key) });
      const result = await window.sponsorship.license.manualSteps(request);
      const latest = get().licenseManual;
      if (latest.kind !== 'loading' || latest.input !== key) return;
      if (!result.ok) console.warn(`[license] manual steps not loaded: ${result.error.code}`);
      set({ licenseManual: settled(result, key), ...(result.ok ? { licenseManualShown: result.value } : {}) });
    },
    chooseLicenseOrganization(role, organizationId) {
      set(role === 'cloud' ? { licenseCloudOrgId: organizationId } : { licenseSelfOrgId: organizationId, licenseUpload: idle });
    },
    async saveLicenseCopy(fileId) {
      const result = await window.sponsorship.license.saveCopy(fileId);
      if (!result.ok) return result.error.message;
      return result.value.saved ? 'Copy saved.' : '';
    },
    async openLicenseLink(linkId) {
      const result = await window.sponsorship.app.openLink(linkId);
      if (!result.ok) console.warn(`[license] link not opened: ${result.error.code}`);
    },
  };
};

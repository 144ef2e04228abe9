import type { ConnectionView } from '../../../../main/ipc/contracts/connections-contract';
import { useWizardStore } from '../../state/wizard-store';
import { OrganizationPicker } from './organization-picker';

/** Signed in to the cloud as an Owner: download the license for this installation directly. */
export function DownloadFromCloud({ cloud, installationId }: { cloud: ConnectionView; installationId: string | null }) {
  const cloudOrgId = useWizardStore((s) => s.licenseCloudOrgId);
  const downloading = useWizardStore((s) => s.licenseDownload.kind === 'loading');
  const startDownload = useWizardStore((s) => s.downloadLicense);
  return (
    <>
      <p>Signed in to the cloud as {cloud.email}: download the license for this installation directly.</p>
      <OrganizationPicker role="cloud" connection={cloud} value={cloudOrgId} />
      <div className="row">
        <button type="button" className="button button-primary" disabled={!installationId || !cloudOrgId || downloading} onClick={() => void startDownload()}>
          Download from the cloud
        </button>
        {!installationId && <span className="muted">Read the install first: the license is issued for its installation ID.</span>}
      </div>
    </>
  );
}

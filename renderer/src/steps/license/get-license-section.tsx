import type { LicenseManualStepsView } from '../../../../main/ipc/contracts/license-contract';
import { ErrorCallout } from '../../components/error-callout';
import { useWizardStore } from '../../state/wizard-store';
import { CloudManualSteps } from './cloud-manual-steps';
import { DownloadFromCloud } from './download-from-cloud';
import { DownloadStatus } from './download-status';

/** Where the license comes from: a download when signed in to the cloud as an Owner, else the cloud web vault. */
export function GetLicenseSection({ installationId, steps }: { installationId: string | null; steps: LicenseManualStepsView | null }) {
  const cloud = useWizardStore((s) => s.connections.cloud);
  const connectionsPhase = useWizardStore((s) => s.connections.phase);
  const online = cloud?.state === 'signed-in' && cloud.ownerOrganizations.length > 0;
  return (
    <div className="license-section">
      <h2>Get the license</h2>
      {/* Room for the download row while the sign-in is still being read, so it does not push the page when it appears. */}
      {connectionsPhase !== 'loaded' && !online && <div className="license-online-pending" aria-hidden="true" />}
      {online && cloud && <DownloadFromCloud cloud={cloud} installationId={installationId} />}
      {cloud?.state === 'error' && <ErrorCallout error={{ kind: 'problem', ...cloud.error! }} title="The cloud connection does not work right now." />}
      <DownloadStatus />
      {steps && <CloudManualSteps steps={steps.cloud} online={online} open={connectionsPhase === 'loaded' && !online} />}
    </div>
  );
}

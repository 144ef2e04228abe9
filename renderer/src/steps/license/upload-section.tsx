import type { LicenseManualStepsView } from '../../../../main/ipc/contracts/license-contract';
import { ErrorCallout } from '../../components/error-callout';
import { useWizardStore } from '../../state/wizard-store';
import { SelfHostedManualSteps } from './self-hosted-manual-steps';
import { UploadControls } from './upload-controls';
import { UploadStatus } from './upload-status';

/** Upload to the self-hosted organization when signed in as its Owner; otherwise the web vault's steps. */
export function UploadSection({ steps }: { steps: LicenseManualStepsView | null }) {
  const self = useWizardStore((s) => s.connections.self);
  const canUpload = self?.state === 'signed-in' && self.ownerOrganizations.length > 0;
  const noOrganization = self?.state === 'signed-in' && self.ownerOrganizations.length === 0;
  return (
    <div className="license-section">
      <h2>Upload to the self-hosted vault</h2>
      {canUpload && self && <UploadControls self={self} />}
      {self?.state === 'error' && <ErrorCallout error={{ kind: 'problem', ...self.error! }} title="The self-hosted connection does not work right now." />}
      <UploadStatus />
      {steps && !canUpload && <SelfHostedManualSteps steps={steps.selfHosted} noOrganization={noOrganization} />}
      {steps?.selfHosted.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}

import { useEffect } from 'react';
import { StepHeader } from '../../components/step-header';
import { inspectedLicense, licenseInstallationId } from '../../state/license-slice';
import { useWizardStore } from '../../state/wizard-store';
import { CheckSection } from './check-section';
import { GetLicenseSection } from './get-license-section';
import { InstallationSection } from './installation-section';
import { UploadSection } from './upload-section';
import { useManualSteps } from './use-manual-steps';
import './license-step.css';

export function LicenseStep() {
  const installationId = useWizardStore(licenseInstallationId);
  const loadConnections = useWizardStore((s) => s.loadLicenseConnections);
  const checkedId = useWizardStore((s) => inspectedLicense(s)?.result.checkedInstallationId);
  const reinspect = useWizardStore((s) => s.reinspectLicense);
  // Once per screen: both sections show these steps, and one request serves them.
  const steps = useManualSteps();

  // Read the connections each time the step opens: the admin may have signed in meanwhile.
  useEffect(() => {
    void loadConnections();
  }, [loadConnections]);

  // The install changed since the file was inspected: check it against the new installation ID.
  useEffect(() => {
    if (checkedId !== undefined && (installationId?.toLowerCase() ?? null) !== checkedId) void reinspect();
  }, [installationId, checkedId, reinspect]);

  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="license" />
      <InstallationSection installationId={installationId} />
      <GetLicenseSection installationId={installationId} steps={steps} />
      <CheckSection />
      <UploadSection steps={steps} />
    </section>
  );
}

import { useEffect } from 'react';
import type { LicenseManualStepsView } from '../../../../main/ipc/contracts/license-contract';
import { licenseCloudRegion, licenseInstallationId } from '../../state/license-slice';
import { useWizardStore } from '../../state/wizard-store';

/**
 * The web-vault steps for the manual path, asked for again when what they depend on changes. Called
 * once per screen (by LicenseStep), which hands the steps to its sections: one request per change.
 */
export function useManualSteps(): LicenseManualStepsView | null {
  const shown = useWizardStore((s) => s.licenseManualShown);
  const load = useWizardStore((s) => s.loadLicenseManualSteps);
  const inputs = useWizardStore((s) => [licenseInstallationId(s), licenseCloudRegion(s), s.licenseCloudOrgId, s.licenseSelfOrgId, s.connections.phase].join('|'));
  useEffect(() => {
    void load();
  }, [inputs, load]);
  return shown;
}

import { useEffect } from 'react';
import { ServerRunNotice } from './components/server-run-notice';
import { Stepper } from './components/stepper';
import { ConnectStep } from './steps/connect/connect-step';
import { CloudCommunicationStep } from './steps/cloud-communication/cloud-communication-step';
import { FirewallStep } from './steps/firewall/firewall-step';
import { LicenseStep } from './steps/license/license-step';
import { BillingSyncStep } from './steps/billing-sync-step';
import { SyncVerifyStep } from './steps/sync-verify-step';
import { GuidedRunScreen } from './steps/guided/guided-run-screen';
import { startWizardProgress } from './state/wizard-progress';
import { useWizardStore } from './state/wizard-store';
import type { StepId } from './state/steps';

function StepScreen({ step }: { step: StepId }) {
  switch (step) {
    case 'connect':
      return <ConnectStep />;
    case 'firewall':
      return <FirewallStep />;
    case 'cloud-communication':
      return <CloudCommunicationStep />;
    case 'license':
      return <LicenseStep />;
    case 'billing-sync':
      return <BillingSyncStep />;
    case 'sync-verify':
      return <SyncVerifyStep />;
  }
}

export function App() {
  const currentStep = useWizardStore((state) => state.currentStep);
  const guidedOnScreen = useWizardStore((state) => state.guidedOnScreen);
  // Resume where the admin left off, and keep the progress saved (no secrets).
  useEffect(() => {
    void startWizardProgress();
  }, []);
  return (
    <div className="layout">
      <a className="skip-link" href="#main-content">
        Skip to the current step
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-title">Sponsorship Setup</span>
          <span className="brand-subtitle">Families sponsorships for self-hosted Bitwarden</span>
        </div>
        <Stepper />
        <ServerRunNotice />
      </aside>
      <main id="main-content" className="content">
        {guidedOnScreen ? <GuidedRunScreen /> : <StepScreen step={currentStep} />}
      </main>
    </div>
  );
}

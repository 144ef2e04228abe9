import { Stepper } from './components/stepper';
import { ConnectStep } from './steps/connect-step';
import { CloudCommunicationStep } from './steps/cloud-communication-step';
import { PendingStep } from './steps/pending-step';
import { FirewallStep } from './steps/firewall-step';
import { LicenseStep } from './steps/license-step';
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
      return <PendingStep step="billing-sync" needs="Read the install and sign in to both vaults in the Connect step first." />;
    case 'sync-verify':
      return <PendingStep step="sync-verify" needs="Save the billing sync token first." />;
  }
}

export function App() {
  const currentStep = useWizardStore((state) => state.currentStep);
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
      </aside>
      <main id="main-content" className="content">
        <StepScreen step={currentStep} />
      </main>
    </div>
  );
}

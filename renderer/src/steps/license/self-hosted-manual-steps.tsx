import type { LicenseManualStepsView } from '../../../../main/ipc/contracts/license-contract';
import { OpenLink } from './open-link';

/** Without a usable self-hosted connection: upload (or create the organization from the license) in its web vault. */
export function SelfHostedManualSteps({ steps, noOrganization }: { steps: LicenseManualStepsView['selfHosted']; noOrganization: boolean }) {
  return (
    <div>
      <p>
        {noOrganization
          ? 'The self-hosted vault has no organization you own yet. Create it from the license in the web vault:'
          : 'Without a self-hosted connection, upload it in the self-hosted web vault:'}
      </p>
      <ol className="license-steps">
        {steps.steps.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ol>
      <OpenLink linkId={steps.linkId} label="Open the self-hosted subscription page" />
    </div>
  );
}

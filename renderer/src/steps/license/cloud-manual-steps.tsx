import type { LicenseManualStepsView } from '../../../../main/ipc/contracts/license-contract';
import { OpenLink } from './open-link';

/** The offline path: where the license is in the cloud web vault, on any connected machine. */
export function CloudManualSteps({ steps, online, open }: { steps: LicenseManualStepsView['cloud']; online: boolean; open: boolean }) {
  return (
    <details open={open}>
      <summary>{online ? 'Or get it in the cloud web vault' : 'In the cloud web vault (on any connected machine)'}</summary>
      <ol className="license-steps">
        {steps.steps.map((text) => (
          <li key={text}>{text}</li>
        ))}
      </ol>
      {steps.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
      <OpenLink linkId={steps.linkId} label="Open the subscription page in the browser" />
    </details>
  );
}

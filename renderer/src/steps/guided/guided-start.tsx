import { deriveStepStatus } from '../../state/derive-step-status';
import { useWizardStore } from '../../state/wizard-store';

/** Under Connect once it is done: the one primary action that runs everything else. */
export function GuidedStart() {
  const connectDone = useWizardStore((state) => deriveStepStatus('connect', state) === 'done');
  const guided = useWizardStore((state) => state.guided);
  const runGuided = useWizardStore((state) => state.runGuided);
  const showGuided = useWizardStore((state) => state.showGuided);
  if (!connectDone) return null;
  const resumable = guided.kind === 'stopped' || guided.kind === 'running';
  return (
    <div className="callout callout-info guided-start">
      <p>
        <strong>Connected.</strong> The app can now do the rest in order and stop only where you decide or type.
      </p>
      <button
        type="button"
        className="button button-primary"
        onClick={() => {
          showGuided();
          if (guided.kind !== 'running') void runGuided();
        }}
      >
        {resumable ? 'Continue setting up' : 'Set up everything'}
      </button>
    </div>
  );
}

import { StepHeader } from '../components/step-header';
import { isStepAvailable } from '../state/derive-step-status';
import { STEP_TITLES, type StepId } from '../state/steps';
import { useShallow } from 'zustand/react/shallow';
import { selectWizardData, useWizardStore } from '../state/wizard-store';

/** A step whose screen only shows its purpose and prerequisites so far. */
export function PendingStep({ step, needs }: { step: StepId; needs: string }) {
  const data = useWizardStore(useShallow(selectWizardData));
  const showStep = useWizardStore((state) => state.showStep);
  const available = isStepAvailable(step, data);
  return (
    <section className="step">
      <StepHeader step={step} />
      {!available && (
        <div className="callout callout-info">
          <p>{needs}</p>
          <button type="button" className="button" onClick={() => showStep('connect')}>
            Go to {STEP_TITLES.connect}
          </button>
        </div>
      )}
    </section>
  );
}

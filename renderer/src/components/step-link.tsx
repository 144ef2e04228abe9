import { STEP_IDS, STEP_TITLES, type StepId } from '../state/steps';
import { useWizardStore } from '../state/wizard-store';

/** "Go to <step>" for a problem whose fix lives in another step (`details.step` from main). */
export function StepLink({ step }: { step: unknown }) {
  const showStep = useWizardStore((state) => state.showStep);
  if (typeof step !== 'string' || !(STEP_IDS as readonly string[]).includes(step)) return null;
  return (
    <button type="button" className="button button-small" onClick={() => showStep(step as StepId)}>
      Go to {STEP_TITLES[step as StepId]}
    </button>
  );
}

import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { deriveStepStatus } from '../state/derive-step-status';
import { STEP_IDS, STEP_PURPOSES, STEP_TITLES, type StepId } from '../state/steps';
import { selectWizardData, useWizardStore } from '../state/wizard-store';

// The first screen keeps the browser's natural focus order (skip link first); later step changes
// move focus to the new heading so keyboard and screen-reader users land in the step they opened.
let initialScreenShown = false;

/** Title and purpose of a step, with "Next: <step>" once it is done. */
export function StepHeader({ step }: { step: StepId }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (initialScreenShown) heading.current?.focus();
    initialScreenShown = true;
  }, [step]);
  return (
    <header className="step-header">
      <div className="step-title-row">
        <h1 ref={heading} tabIndex={-1}>
          {STEP_TITLES[step]}
        </h1>
        <NextStepButton step={step} />
      </div>
      <p className="step-purpose">{STEP_PURPOSES[step]}</p>
    </header>
  );
}

/**
 * Always in the layout (hidden until the step is done), so its arrival moves nothing.
 */
function NextStepButton({ step }: { step: StepId }) {
  const data = useWizardStore(useShallow(selectWizardData));
  const showStep = useWizardStore((state) => state.showStep);
  const next = STEP_IDS[STEP_IDS.indexOf(step) + 1];
  if (!next) return null;
  const done = deriveStepStatus(step, data) === 'done';
  return (
    <button type="button" className="button step-next" style={{ visibility: done ? 'visible' : 'hidden' }} onClick={() => showStep(next)} data-testid="next-step">
      Next: {STEP_TITLES[next]}
    </button>
  );
}

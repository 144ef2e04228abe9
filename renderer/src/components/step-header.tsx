import { useEffect, useRef } from 'react';
import { STEP_PURPOSES, STEP_TITLES, type StepId } from '../state/steps';

// The first screen keeps the browser's natural focus order (skip link first); later step changes
// move focus to the new heading so keyboard and screen-reader users land in the step they opened.
let initialScreenShown = false;

/** Title and purpose of a step. */
export function StepHeader({ step }: { step: StepId }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (initialScreenShown) heading.current?.focus();
    initialScreenShown = true;
  }, [step]);
  return (
    <header className="step-header">
      <h1 ref={heading} tabIndex={-1}>
        {STEP_TITLES[step]}
      </h1>
      <p className="step-purpose">{STEP_PURPOSES[step]}</p>
    </header>
  );
}

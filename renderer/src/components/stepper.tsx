import { deriveStepStatus, isStepAvailable } from '../state/derive-step-status';
import { STEP_IDS, STEP_TITLES, type StepStatus } from '../state/steps';
import { useShallow } from 'zustand/react/shallow';
import { selectWizardData, useWizardStore } from '../state/wizard-store';

const STATUS_LABEL: Record<StepStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress…',
  'needs-attention': 'Needs attention',
  done: 'Done',
};

/** The step list. Statuses come from data, so they can never disagree with what the screens show. */
export function Stepper() {
  const currentStep = useWizardStore((state) => state.currentStep);
  const showStep = useWizardStore((state) => state.showStep);
  const data = useWizardStore(useShallow(selectWizardData));
  const guided = useWizardStore((state) => state.guided);
  const guidedOnScreen = useWizardStore((state) => state.guidedOnScreen);
  const showGuided = useWizardStore((state) => state.showGuided);
  // The stage the guided run is at shows here as it runs (or where it waits).
  const guidedLabel = (step: string): string | null => {
    if (guided.kind !== 'running' && guided.kind !== 'stopped') return null;
    if (guided.stage !== step) return null;
    if (guided.kind === 'running') return 'Running…';
    return guided.stop.kind === 'problem' ? 'Stopped: needs a fix' : 'Waiting for you';
  };
  return (
    <nav className="stepper" aria-label="Setup steps">
      <ol>
        {STEP_IDS.map((step, index) => {
          const status = deriveStepStatus(step, data);
          // Every step stays reachable (its screen says what it needs); the list says which wait for Connect.
          const open = isStepAvailable(step, data);
          const statusLabel = guidedLabel(step) ?? (!open && status === 'not-started' ? 'Needs the install first' : STATUS_LABEL[status]);
          return (
            <li key={step}>
              <button
                type="button"
                className={`stepper-item stepper-${status}`}
                aria-current={currentStep === step && !guidedOnScreen ? 'step' : undefined}
                data-guided={guidedLabel(step) ? 'active' : undefined}
                onClick={() => showStep(step)}
                data-step={step}
                data-status={status}
                data-open={open}
              >
                <span className="stepper-number" aria-hidden="true">
                  {status === 'done' ? '✓' : index + 1}
                </span>
                <span className="stepper-text">
                  <span className="stepper-title">{STEP_TITLES[step]}</span>
                  <span className="stepper-status">{statusLabel}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
      {guided.kind !== 'idle' && (
        <button type="button" className={`stepper-item stepper-guided`} aria-current={guidedOnScreen ? 'page' : undefined} onClick={showGuided}>
          <span className="stepper-text">
            <span className="stepper-title">Set up everything</span>
            <span className="stepper-status">{guided.kind === 'finished' ? 'Finished' : guided.kind === 'running' ? 'Running…' : 'Waiting for you'}</span>
          </span>
        </button>
      )}
    </nav>
  );
}

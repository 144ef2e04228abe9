import { useEffect, useRef } from 'react';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import { GUIDED_STAGES, type GuidedStage } from '../../state/guided-run';
import type { GuidedState } from '../../state/guided-slice';
import { STEP_TITLES } from '../../state/steps';
import { useWizardStore } from '../../state/wizard-store';
import { GuidedStopPanel } from './guided-stop-panel';
import './guided.css';

type RowState = 'done' | 'running' | 'waiting' | 'stopped' | 'next';

const ROW_TEXT: Record<RowState, string> = { done: 'Done', running: 'Running…', waiting: 'Waiting for you', stopped: 'Stopped — see below', next: 'Next' };

function rowState(stage: GuidedStage, guided: GuidedState): RowState {
  if (guided.kind === 'finished') return 'done';
  if (guided.kind === 'idle') return 'next';
  const at = GUIDED_STAGES.indexOf(guided.stage);
  const here = GUIDED_STAGES.indexOf(stage);
  if (here < at) return 'done';
  if (here > at) return 'next';
  if (guided.kind === 'running') return 'running';
  return guided.stop.kind === 'problem' ? 'stopped' : 'waiting';
}

/** The guided run: every stage in order with its state, and below them, whatever the admin has to do now. */
export function GuidedRunScreen() {
  const guided = useWizardStore((state) => state.guided);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // After each answer, focus goes to what the run needs next (or its result).
  const stopRef = useFocusOnArrival<HTMLDivElement>(guided.kind === 'stopped' ? `${guided.stage}-${guided.stop.kind}` : guided.kind === 'finished' ? 'finished' : null);
  return (
    <section className="step guided-screen" aria-labelledby="guided-title" data-guided-screen="true">
      <header className="step-header">
        <h1 id="guided-title" ref={heading} tabIndex={-1}>
          Set up everything
        </h1>
        <p className="step-purpose">Each step runs in order. The run stops only where you decide or type, or where something needs fixing.</p>
      </header>
      <ol className="guided-stages" aria-label="Stages">
        {GUIDED_STAGES.map((stage) => {
          const state = rowState(stage, guided);
          return (
            <li key={stage} className={`guided-stage guided-stage-${state}`} data-stage={stage} data-state={state}>
              <span className="guided-stage-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'running' ? '…' : state === 'stopped' ? '!' : state === 'waiting' ? '?' : '·'}
              </span>
              <span className="guided-stage-title">{STEP_TITLES[stage]}</span>
              <span className="guided-stage-state">{ROW_TEXT[state]}</span>
            </li>
          );
        })}
      </ol>
      <div ref={stopRef} tabIndex={-1} className="guided-now" aria-live="polite">
        <GuidedStopPanel guided={guided} />
      </div>
    </section>
  );
}

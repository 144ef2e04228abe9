import type { ReactNode } from 'react';
import { useWizardStore } from '../state/wizard-store';
import { plainProblem } from './plain-problem';
import { ProblemList, type DisplayProblem } from './problem-list';

/**
 * A failure the admin must see: announced at once (role="alert"), a headline in plain words with the
 * action beside it, the likely causes when known (never only ECONNREFUSED), then the problem itself
 * with its code in details. `onRetry` adds Retry; network problems also offer the firewall check.
 */
export function ProblemCallout({ problem, title, children, onRetry }: { problem: DisplayProblem; title?: string; children?: ReactNode; onRetry?: () => void }) {
  const showStep = useWizardStore((state) => state.showStep);
  const plain = plainProblem(problem.code);
  const headline = plain?.headline ?? title;
  return (
    <div className="callout callout-problem" role="alert">
      {headline && (
        <p>
          <strong>{headline}</strong>
        </p>
      )}
      {plain && plain.causes.length > 0 && (
        <>
          <p>Likely causes:</p>
          <ul className="likely-causes">
            {plain.causes.map((cause) => (
              <li key={cause}>{cause}</li>
            ))}
          </ul>
        </>
      )}
      {(onRetry || plain?.firewall) && (
        <div className="row">
          {onRetry && (
            <button type="button" className="button" onClick={onRetry}>
              Retry
            </button>
          )}
          {plain?.firewall && (
            <button type="button" className="button" onClick={() => showStep('firewall')}>
              Run the firewall check
            </button>
          )}
        </div>
      )}
      <ProblemList problems={[problem]} tone="problem" />
      {children}
    </div>
  );
}

import type { ReactNode } from 'react';
import { ProblemList, type DisplayProblem } from './problem-list';

/**
 * A failure the admin must see: announced at once (role="alert"), an optional headline, the problem
 * with its stable code, then whatever helps next (a retry, a command to copy, a link to a step).
 */
export function ProblemCallout({ problem, title, children }: { problem: DisplayProblem; title?: string; children?: ReactNode }) {
  return (
    <div className="callout callout-problem" role="alert">
      {title && (
        <p>
          <strong>{title}</strong>
        </p>
      )}
      <ProblemList problems={[problem]} tone="problem" />
      {children}
    </div>
  );
}

export interface DisplayProblem {
  code: string;
  message: string;
}

/**
 * Problems and findings in plain words; each stable code (to search for or quote) sits in its
 * collapsed details, not in front of the sentence.
 */
export function ProblemList({ problems, tone }: { problems: DisplayProblem[]; tone: 'problem' | 'warning' | 'info' }) {
  if (problems.length === 0) return null;
  return (
    <ul className={`problem-list problem-list-${tone}`}>
      {problems.map((problem, index) => (
        <li key={`${problem.code}-${index}`}>
          {problem.message}{' '}
          <details className="problem-code-details">
            <summary>Details</summary>
            Code: <code className="problem-code">{problem.code}</code>
          </details>
        </li>
      ))}
    </ul>
  );
}

export interface DisplayProblem {
  code: string;
  message: string;
}

/** Problems and findings with their stable codes, so an admin can search for them or quote them. */
export function ProblemList({ problems, tone }: { problems: DisplayProblem[]; tone: 'problem' | 'warning' | 'info' }) {
  if (problems.length === 0) return null;
  return (
    <ul className={`problem-list problem-list-${tone}`}>
      {problems.map((problem, index) => (
        <li key={`${problem.code}-${index}`}>
          <code className="problem-code">{problem.code}</code> {problem.message}
        </li>
      ))}
    </ul>
  );
}

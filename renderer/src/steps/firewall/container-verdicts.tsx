import type { ContainerCommandResult } from '../../../../main/core/connectivity';
import { MEASURED_FROM_WORDS } from '../../../../main/core/connectivity/vantage-words';

const MARK: Record<ContainerCommandResult['status'], string> = { pass: '✓', fail: '✗', 'not-run': '–' };

/** One host as the containers reached it, beside the server's verdict: per container, its finding and what it proves. */
export function ContainerVerdicts({ results }: { results: ContainerCommandResult[] }) {
  return (
    <ul className="firewall-container-verdicts" aria-label="From inside the containers">
      {results.map((r) => (
        <li key={r.command} data-testid="container-verdict" data-container={r.container} data-status={r.status}>
          <span aria-hidden="true">{MARK[r.status]} </span>
          <strong>
            From {MEASURED_FROM_WORDS[r.measuredFrom]} <code>{r.container}</code>:
          </strong>{' '}
          <span className={`firewall-status-${r.status === 'pass' ? 'pass' : 'fail'}`}>{r.status}</span> — {r.finding}
          <span className="muted">
            {' '}
            ({r.status === 'pass' ? 'proves' : 'would prove'} {r.proves})
          </span>
        </li>
      ))}
    </ul>
  );
}

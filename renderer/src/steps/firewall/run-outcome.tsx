import type { FirewallPlan } from '../../../../main/ipc/contracts/firewall-contract';
import { ProblemList } from '../../components/problem-list';
import type { FirewallRunState } from '../../state/firewall-slice';
import { FirewallResults } from './firewall-results';

/** How the last run ended: its report, or why it stopped. */
export function RunOutcome({ run, plan }: { run: FirewallRunState; plan: FirewallPlan }) {
  if (run.kind === 'finished') return <FirewallResults report={run.report} plan={plan} />;
  if (run.kind !== 'failed') return null;
  const cancelled = run.error.kind === 'cancelled';
  return (
    <div className={`callout ${cancelled ? 'callout-info' : 'callout-problem'}`} role="alert">
      <p>
        <strong>{cancelled ? 'The check was cancelled.' : 'The check could not run.'}</strong>
      </p>
      {!cancelled && <ProblemList problems={[run.error]} tone="problem" />}
    </div>
  );
}

import type { FirewallPlan, FirewallRunResult } from '../../../../main/ipc/contracts/firewall-contract';

/** What to do about each host that failed: for the admin, and for the network team. */
export function Remediation({ targets, plan }: { targets: FirewallRunResult['targets']; plan: FirewallPlan }) {
  if (targets.length === 0) return null;
  return (
    <div className="firewall-remediation">
      <h2>What to do</h2>
      {targets.map((target) => (
        <section
          key={target.url}
          className="firewall-remedy"
          data-testid="remediation"
          data-target={target.url}
          aria-label={`What to do about ${target.host}:${target.port}`}
        >
          <h3>
            {target.host}:{target.port} — {plan.verdictTitles[target.verdict]}
            {target.failedStage ? ` (at ${target.failedStage})` : ''}
            {target.required ? '' : ' — informational'}
          </h3>
          <p>
            <strong>For you:</strong> {target.remediation.admin}
          </p>
          <p>
            <strong>For the network team:</strong> {target.remediation.network}
          </p>
        </section>
      ))}
    </div>
  );
}

import type { FirewallPlan } from '../../../../main/ipc/contracts/firewall-contract';
import { useServerStore } from '../../state/server-store';
import { useWizardStore } from '../../state/wizard-store';
import { currentContainerResults } from './container-results';
import { TargetRow } from './target-row';

/** One row per host: the plan's before a run, the run's while and after it runs. */
export function TargetRows({ plan }: { plan: FirewallPlan }) {
  const run = useWizardStore((s) => s.firewallRun);
  const containerRun = useWizardStore((s) => s.firewallContainerRun);
  const serverLabel = useServerStore((s) => (s.status.kind === 'ssh' ? s.status.label : null));
  const targets = run.kind === 'idle' ? plan.targets : run.targets;
  if (targets.length === 0) return null;
  const containerResults = currentContainerResults(containerRun, serverLabel);
  return (
    <ul className="firewall-rows" aria-label="Hosts">
      {targets.map((target) => (
        <TargetRow key={target.url} target={target} run={run} plan={plan} containerResults={containerResults.filter((r) => r.url === target.url)} />
      ))}
    </ul>
  );
}

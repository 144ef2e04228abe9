import type { FirewallPlan } from '../../../../main/ipc/contracts/firewall-contract';
import { useWizardStore } from '../../state/wizard-store';
import { TargetRow } from './target-row';

/** One row per host: the plan's before a run, the run's while and after it runs. */
export function TargetRows({ plan }: { plan: FirewallPlan }) {
  const run = useWizardStore((s) => s.firewallRun);
  const containerRun = useWizardStore((s) => s.firewallContainerRun);
  const targets = run.kind === 'idle' ? plan.targets : run.targets;
  if (targets.length === 0) return null;
  const containerResults = containerRun.kind === 'ready' ? containerRun.value.results : containerRun.kind === 'loading' ? containerRun.partial : [];
  return (
    <ul className="firewall-rows" aria-label="Hosts">
      {targets.map((target) => (
        <TargetRow key={target.url} target={target} run={run} plan={plan} containerResults={containerResults.filter((r) => r.url === target.url)} />
      ))}
    </ul>
  );
}

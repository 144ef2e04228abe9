import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { StepHeader } from '../../components/step-header';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import { knownInstall } from '../../state/install-slice';
import { readyValue } from '../../state/async-state';
import { useServerStore } from '../../state/server-store';
import { useWizardStore } from '../../state/wizard-store';
import { ContainerCommands } from './container-commands';
import { ContainerRun } from './container-run';
import { FirewallOptions } from './firewall-options';
import { PlannedContacts } from './planned-contacts';
import { ProxyEnvOffer } from './proxy-env-offer';
import { RunActions } from './run-actions';
import { RunOutcome } from './run-outcome';
import { RunProgress } from './run-progress';
import { TargetRows } from './target-rows';
import './firewall-step.css';

/** The Firewall check: what will be contacted, the run with live stages per host, the verdicts and what to do. */
export function FirewallStep() {
  const run = useWizardStore((s) => s.firewallRun);
  const plan = useWizardStore((s) => readyValue(s.firewallPlan));
  const hasInstall = useWizardStore((s) => knownInstall(s.install) !== null);
  const onServer = useServerStore((s) => s.status.kind === 'ssh');
  const runCheck = useWizardStore((s) => s.runFirewallCheck);
  useScreenData();
  // When a run ends, focus goes to its result.
  const resultRef = useFocusOnArrival<HTMLDivElement>(run.kind === 'finished' || run.kind === 'failed' ? run.operationId : null);

  return (
    <section className="step firewall-step" aria-labelledby="step-title">
      <StepHeader step="firewall" />
      <form
        className="firewall-form"
        onSubmit={(event) => {
          event.preventDefault();
          void runCheck();
        }}
      >
        <FirewallOptions />
        <PlannedContacts />
        <RunActions />
      </form>
      {/* Above the rows and results, so results arriving push nothing down. */}
      <ContainerCommands />
      {hasInstall && <ProxyEnvOffer />}
      <RunProgress run={run} stageCount={plan?.stageNames.length ?? 7} />
      {plan && <TargetRows plan={plan} />}
      <div ref={resultRef} tabIndex={-1}>
        {plan && <RunOutcome run={run} plan={plan} />}
      </div>
      {onServer && <ContainerRun />}
    </section>
  );
}

/**
 * What the screen asks main for, once per screen: the plan again whenever what would be contacted
 * changes (main contacts nothing for a plan), and the copy-ready container commands for the region and proxy.
 */
function useScreenData(): void {
  const { form, installRegion, planCheck, loadCommands, region } = useWizardStore(
    useShallow((s) => ({
      form: s.firewallForm,
      installRegion: knownInstall(s.install)?.install.cloudRegion ?? null,
      region: s.firewallRegion().region,
      planCheck: s.planFirewallCheck,
      loadCommands: s.loadContainerCommands,
    })),
  );
  useEffect(() => {
    const timer = setTimeout(() => void planCheck(), 150);
    return () => clearTimeout(timer);
  }, [planCheck, region, form.proxy, form.direct, form.customUrls, form.resolve, installRegion]);
  useEffect(() => {
    void loadCommands();
  }, [loadCommands, region, form.proxy, form.direct]);
}

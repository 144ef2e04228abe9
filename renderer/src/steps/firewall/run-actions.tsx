import { useShallow } from 'zustand/react/shallow';
import { useWizardStore } from '../../state/wizard-store';

/** Run check / Run again, or Cancel while it runs. */
export function RunActions() {
  const { runKind, planReady, cancelCheck } = useWizardStore(
    useShallow((s) => ({ runKind: s.firewallRun.kind, planReady: s.firewallPlan.kind === 'ready', cancelCheck: s.cancelFirewallCheck })),
  );
  return (
    <div className="row firewall-actions">
      {runKind === 'running' ? (
        <button type="button" className="button button-danger" onClick={() => void cancelCheck()}>
          Cancel
        </button>
      ) : (
        <button type="submit" className="button button-primary" disabled={!planReady}>
          {runKind === 'idle' ? 'Run check' : 'Run again'}
        </button>
      )}
    </div>
  );
}

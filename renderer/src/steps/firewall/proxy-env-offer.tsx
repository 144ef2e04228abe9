import { useShallow } from 'zustand/react/shallow';
import { DiffView } from '../../components/diff-view';
import { ProblemCallout } from '../../components/problem-callout';
import { ProblemList } from '../../components/problem-list';
import { typedProxy } from '../../state/firewall-slice';
import { useWizardStore } from '../../state/wizard-store';
import { ProxyEnvWritten } from './proxy-env-written';

/** "Give this proxy to the containers": the diff to global.override.env first, written only after a yes. */
export function ProxyEnvOffer() {
  const { proxyEnv, proxy, planProxyEnv, confirmProxyEnv, dismissProxyEnv } = useWizardStore(
    useShallow((s) => ({
      proxyEnv: s.proxyEnv,
      proxy: typedProxy(s.firewallForm),
      planProxyEnv: s.planProxyEnv,
      confirmProxyEnv: s.confirmProxyEnv,
      dismissProxyEnv: s.dismissProxyEnv,
    })),
  );
  const { plan, write } = proxyEnv;
  const dismiss = (
    <button type="button" className="button" onClick={dismissProxyEnv}>
      OK
    </button>
  );
  return (
    <div className="firewall-proxy-env">
      <h2>Give this proxy to the containers</h2>
      <p className="muted">
        If the network needs the proxy, the Bitwarden containers need it too: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (with the stack's own service
        names) in <code>bwdata/env/global.override.env</code>, uppercase and unquoted.
      </p>
      {(plan.kind === 'idle' || plan.kind === 'loading') && (
        <button type="button" className="button" disabled={!proxy || plan.kind === 'loading'} onClick={() => void planProxyEnv()}>
          Give this proxy to the containers…
        </button>
      )}
      {!proxy && plan.kind === 'idle' && <p className="muted">Type the proxy above first.</p>}
      {plan.kind === 'ready' && write.kind !== 'ready' && write.kind !== 'failed' && (
        <PlannedChange plan={plan.value} writing={write.kind === 'loading'} onConfirm={() => void confirmProxyEnv()} onDismiss={dismissProxyEnv} />
      )}
      {write.kind === 'ready' && <ProxyEnvWritten result={write.value} />}
      {plan.kind === 'failed' && <ProblemCallout problem={plan.error}>{dismiss}</ProblemCallout>}
      {write.kind === 'failed' && <ProblemCallout problem={write.error}>{dismiss}</ProblemCallout>}
    </div>
  );
}

function PlannedChange({
  plan,
  writing,
  onConfirm,
  onDismiss,
}: {
  plan: { changed: boolean; file: string; diff: string; problems: Parameters<typeof ProblemList>[0]['problems'] };
  writing: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
}) {
  if (!plan.changed) {
    return (
      <p>
        The containers' proxy variables already say this; nothing to change.{' '}
        <button type="button" className="button button-small" onClick={onDismiss}>
          OK
        </button>
      </p>
    );
  }
  return (
    <div>
      <p>
        This change would be written to <code>{plan.file}</code> (a backup is made first):
      </p>
      <DiffView diff={plan.diff} label="Change to global.override.env" />
      <ProblemList problems={plan.problems} tone="warning" />
      <div className="row">
        <button type="button" className="button button-primary" disabled={writing} onClick={onConfirm}>
          Write it (with a backup)
        </button>
        <button type="button" className="button" onClick={onDismiss}>
          Cancel
        </button>
      </div>
    </div>
  );
}

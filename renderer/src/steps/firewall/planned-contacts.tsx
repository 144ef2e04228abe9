import { ProblemList } from '../../components/problem-list';
import { useWizardStore } from '../../state/wizard-store';

/** Exactly what a run will contact (from main's plan, which contacts nothing). */
export function PlannedContacts() {
  const planState = useWizardStore((s) => s.firewallPlan);
  return (
    <div className="firewall-plan" aria-live="polite">
      <h2>What will be contacted</h2>
      {planState.kind === 'failed' ? (
        <ProblemList problems={[planState.error]} tone="problem" />
      ) : (
        <>
          <p>Nothing is contacted until you press Run check; then only these, over HTTPS:</p>
          <ul className="firewall-contacts" data-testid="planned-contacts">
            {planState.kind === 'ready'
              ? planState.value.contacts.map((c) => (
                  <li key={`${c.role}-${c.host}-${c.port}`}>
                    <code>
                      {c.host}:{c.port}
                    </code>
                    {c.role === 'proxy' ? ` — the proxy, asked to tunnel to ${c.forTargets.map(hostOf).join(', ')}` : ''}
                    {c.required ? '' : ' (informational)'}
                  </li>
                ))
              : null}
          </ul>
          <p>
            <strong>No key, token or password is sent</strong>.
          </p>
          {planState.kind === 'ready' && <p className="muted">{planState.value.proxyNote}</p>}
        </>
      )}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

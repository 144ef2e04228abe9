import { useEffect } from 'react';
import { ProblemCallout } from '../../components/problem-callout';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import type { ConnectionRole } from '../../state/connections-slice';
import { useWizardStore } from '../../state/wizard-store';
import { SignInForm } from './sign-in-form';
import { ConnectionRoute, SignedIn, SignOutButton } from './signed-in';
import './connections-panel.css';

export const ROLE_TITLES: Record<ConnectionRole, string> = { cloud: 'Bitwarden cloud', self: 'Your Bitwarden server' };

/** Sign-in to the cloud and the self-hosted vault with personal API keys (inside the Connect step). */
export function ConnectionsPanel() {
  const phase = useWizardStore((state) => state.connections.phase);
  const secretStorage = useWizardStore((state) => state.connections.secretStorage);
  const loadConnections = useWizardStore((state) => state.loadConnections);

  useEffect(() => {
    if (phase === 'idle') void loadConnections();
  }, [phase, loadConnections]);

  return (
    <section className="connections" aria-labelledby="connections-title">
      <h2 id="connections-title">Sign in with API keys</h2>
      {phase === 'loading' && <p className="muted">Checking saved sign-ins…</p>}
      <div className="connections-grid">
        <ConnectionCard role="cloud" />
        <ConnectionCard role="self" />
      </div>
      {secretStorage && (
        <p className="muted" data-testid="secret-storage">
          {secretStorage.persistent
            ? 'Client secrets are kept in the OS keychain, so you stay signed in after a restart.'
            : `Client secrets are kept only for this session (${(secretStorage.reason ?? 'no OS keychain is available').replace(/[.\s]+$/, '')}). You will sign in again next time.`}
        </p>
      )}
    </section>
  );
}

function ConnectionCard({ role }: { role: ConnectionRole }) {
  const view = useWizardStore((state) => state.connections[role]);
  const error = useWizardStore((state) => state.connections.errors[role]);
  const signedIn = view?.state === 'signed-in';
  // After Sign in (or a refusal), focus lands on what happened.
  const resultRef = useFocusOnArrival<HTMLDivElement>(signedIn ? `in-${view.email}-${view.organizationId ?? ''}` : error ? `error-${error.code}-${error.message}` : null);
  const titleId = `connection-${role}-title`;
  return (
    <section className="connection-card" aria-labelledby={titleId} data-testid={`connection-${role}`}>
      <h3 id={titleId}>{ROLE_TITLES[role]}</h3>
      <div ref={resultRef} tabIndex={-1}>
        {signedIn && <SignedIn view={view} />}
        {view?.state === 'error' && (
          <>
            <div className="callout callout-problem">
              <p>
                The saved sign-in{view.email ? ` for ${view.email}` : ''} does not work now. Sign in again, or sign out.
              </p>
            </div>
            <ConnectionRoute view={view} />
            <SignOutButton role={role} />
          </>
        )}
        {error && <ProblemCallout problem={error} title={signedIn ? 'That did not work.' : 'Not signed in.'} />}
      </div>
      {!signedIn && <SignInForm role={role} />}
    </section>
  );
}

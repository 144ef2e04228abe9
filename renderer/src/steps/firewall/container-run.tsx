import { useShallow } from 'zustand/react/shallow';
import { readyValue } from '../../state/async-state';
import { ErrorCallout } from '../../components/error-callout';
import { useServerStore } from '../../state/server-store';
import { useWizardStore } from '../../state/wizard-store';
import { currentContainerResults, isSameServer } from './container-results';
import { ContainerVerdicts } from './container-verdicts';

/**
 * "Also test from the containers" on a server over SSH: main asks the admin natively and runs the
 * commands with docker exec there; the results come back per container (the HTTPS ones also beside their host's row).
 */
export function ContainerRun() {
  const { state, run, cancel } = useWizardStore(
    useShallow((s) => ({ state: s.firewallContainerRun, run: s.runInContainers, cancel: s.cancelInContainers })),
  );
  const total = useWizardStore((s) => readyValue(s.firewallContainerCommands)?.commands.filter((c) => c.where !== 'host').length);
  const server = useServerStore((s) => (s.status.kind === 'ssh' ? s.status.label : null));
  const results = currentContainerResults(state, server);
  const thisServer = state.kind !== 'ready' || (server !== null && isSameServer(state.value.server, server));
  const declined = state.kind === 'ready' && thisServer && !state.value.confirmed;
  const ran = state.kind === 'ready' && thisServer && state.value.confirmed;
  return (
    <section className="firewall-container-run" aria-labelledby="container-run-title" data-testid="container-run">
      <h2 id="container-run-title">Inside the containers</h2>
      <p className="muted">
        Billing sync runs inside <code>bitwarden-api</code> (daily) and <code>bitwarden-admin</code> (manual sync), with their own network, DNS,
        proxy variables and CA bundle. The app can run the test commands there with <code>docker exec</code> on {server ?? 'the server'}; you
        are asked first.
      </p>
      {state.kind === 'loading' ? (
        <div className="row">
          <p aria-live="polite" data-testid="container-run-progress">
            Running inside the containers… {state.partial.length}
            {total ? ` of ${total}` : ''} finished.
          </p>
          <button type="button" className="button button-danger" onClick={() => void cancel()}>
            Stop
          </button>
        </div>
      ) : (
        <button type="button" className="button" onClick={() => void run()}>
          {ran ? 'Test from the containers again…' : 'Also test from the containers…'}
        </button>
      )}
      {declined && <p role="status">Nothing was run: you did not allow it.</p>}
      {state.kind === 'failed' && <ErrorCallout title="The container test commands could not run." error={state.error} />}
      {results.length > 0 && <ContainerVerdicts results={results} />}
      {ran && (
        <p className="muted" role="status" data-testid="container-run-summary">
          Ran on {state.value.server}: {state.value.results.filter((r) => r.status === 'pass').length} of {state.value.results.length} passed.
        </p>
      )}
    </section>
  );
}

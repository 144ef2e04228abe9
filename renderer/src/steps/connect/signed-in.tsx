import { useId, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import type { ConnectionRole, ConnectionView } from '../../state/connections-slice';
import { useWizardStore } from '../../state/wizard-store';
import { RouteChoice } from './route-choice';

const SECRET_SOURCE_TEXT = {
  keychain: 'kept in the OS keychain',
  memory: 'kept in memory for this session only',
  environment: 'taken from BW_CLIENTID / BW_CLIENTSECRET',
} as const;

/** Who is signed in and the organization to set up, shown once; endpoints and CA collapsed. */
export function SignedIn({ view }: { view: ConnectionView }) {
  const where = view.role === 'cloud' ? (view.region === 'US' || view.region === 'EU' ? `${view.region} region` : 'custom endpoints') : view.vaultUrl;
  const single = view.ownerOrganizations.length === 1 && view.organizationId === view.ownerOrganizations[0]!.id;
  return (
    <div>
      <p className="connection-who" data-testid={`signed-in-${view.role}`}>
        Signed in as <strong>{view.email}</strong>
        {where ? <> ({where})</> : null}
      </p>
      {single ? <SingleOrganization view={view} /> : <OrganizationChoice view={view} />}
      <ConnectionRoute view={view} />
      <details className="more">
        <summary>Connection details</summary>
        <dl className="facts connection-facts">
          <dt>API</dt>
          <dd>
            <code>{view.endpoints.apiUrl}</code>
          </dd>
          <dt>Identity</dt>
          <dd>
            <code>{view.endpoints.identityUrl}</code>
          </dd>
          <dt>client_id</dt>
          <dd>
            <code>{view.clientId}</code>
          </dd>
          {view.caFile && (
            <>
              <dt>Extra CA</dt>
              <dd>
                <code>{view.caFile}</code>
              </dd>
            </>
          )}
          {view.secretSource && (
            <>
              <dt>Secret</dt>
              <dd>{SECRET_SOURCE_TEXT[view.secretSource]}</dd>
            </>
          )}
        </dl>
      </details>
      <SignOutButton role={view.role} />
    </div>
  );
}

/** The connection's route, changeable in place, and which way the last call went ("Reached through …"). */
export function ConnectionRoute({ view }: { view: ConnectionView }) {
  const setRoute = useWizardStore((state) => state.setRoute);
  const busy = useWizardStore((state) => state.connections.busy[view.role]);
  const id = useId();
  return (
    <div className="connection-route">
      <RouteChoice id={id} value={view.route} onChange={(route) => void setRoute(view.role, route)} disabled={busy !== undefined} />
      <p className="muted" aria-live="polite" data-testid={`route-taken-${view.role}`}>
        {busy === 'routing' ? 'Trying the new route…' : view.routeTaken ? reachedText(view.routeTaken) : null}
      </p>
    </div>
  );
}

/** "Reached through server admin@bw1.", "Reached directly from this computer." (main's words for the last call). */
function reachedText(routeTaken: string): string {
  return routeTaken.startsWith('direct') ? `Reached directly from this computer${routeTaken.slice('direct'.length)}.` : `Reached ${routeTaken}.`;
}

/** The one organization the account owns: named once, with its ID to copy. */
function SingleOrganization({ view }: { view: ConnectionView }) {
  const organization = view.ownerOrganizations[0]!;
  return (
    <p className="row" data-testid={`chosen-organization-${view.role}`}>
      <strong>{organization.name}</strong> — Owner ✓
      <CopyButton text={organization.id} label={view.role === 'cloud' ? 'cloud organization ID' : 'self-hosted organization ID'} />
    </p>
  );
}

function OrganizationChoice({ view }: { view: ConnectionView }) {
  return (
    <>
      <OrganizationList view={view} />
      <OrganizationPicker view={view} />
    </>
  );
}

function OrganizationList({ view }: { view: ConnectionView }) {
  if (view.organizations.length === 0) return <p className="muted">No organizations.</p>;
  return (
    <table className="organizations">
      <caption className="visually-hidden">Organizations of {view.email}</caption>
      <thead>
        <tr>
          <th scope="col">Organization</th>
          <th scope="col">Your role</th>
        </tr>
      </thead>
      <tbody>
        {view.organizations.map((organization) => (
          <tr key={organization.id}>
            <td>
              {organization.name} {organization.id === view.organizationId && <span className="chip chip-pass">chosen</span>}
            </td>
            <td>{organization.role}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OrganizationPicker({ view }: { view: ConnectionView }) {
  const chooseOrganization = useWizardStore((state) => state.chooseOrganization);
  const busy = useWizardStore((state) => state.connections.busy[view.role]);
  const [selected, setSelected] = useState(view.organizationId ?? view.ownerOrganizations[0]?.id ?? '');
  const selectId = useId();
  if (view.ownerOrganizations.length === 0) {
    return (
      <div className="callout callout-warning" data-testid={`no-owner-${view.role}`}>
        <p>
          <strong>No organization can be used.</strong> {view.explanation ?? 'This account is not an Owner of any organization here.'}
        </p>
      </div>
    );
  }
  const current = view.ownerOrganizations.find((o) => o.id === view.organizationId);
  return (
    <form
      className="organization-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (selected) void chooseOrganization(view.role, selected);
      }}
    >
      <label htmlFor={selectId}>Organization to set up (only organizations you own are offered)</label>
      <div className="row">
        <select id={selectId} value={selected} onChange={(event) => setSelected(event.target.value)}>
          {view.ownerOrganizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.name}
            </option>
          ))}
        </select>
        <button type="submit" className="button" disabled={!selected || selected === view.organizationId || busy === 'choosing'}>
          Use this organization
        </button>
      </div>
      <p className="muted" aria-live="polite" data-testid={`chosen-organization-${view.role}`}>
        {current ? `Chosen: ${current.name}` : 'No organization chosen yet.'}
      </p>
      {current && (
        <p className="row" data-testid={`chosen-organization-id-${view.role}`}>
          Organization ID <code>{current.id}</code>
          <CopyButton text={current.id} label={view.role === 'cloud' ? 'cloud organization ID' : 'self-hosted organization ID'} />
        </p>
      )}
    </form>
  );
}

export function SignOutButton({ role }: { role: ConnectionRole }) {
  const signOut = useWizardStore((state) => state.signOut);
  const busy = useWizardStore((state) => state.connections.busy[role]);
  return (
    <button type="button" className="button button-danger" disabled={busy !== undefined} onClick={() => void signOut(role)}>
      Sign out of the {role === 'cloud' ? 'cloud' : 'self-hosted vault'}
    </button>
  );
}

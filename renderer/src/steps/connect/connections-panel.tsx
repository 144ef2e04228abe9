import { useEffect, useId, useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { ChosenFileField } from '../../components/chosen-file-field';
import type { FileHandle } from '../../../../main/ipc';
import { ProblemList } from '../../components/problem-list';
import type { ConnectionRole, ConnectionView } from '../../state/connections-slice';
import { knownInstall } from '../../state/install-slice';
import { useWizardStore } from '../../state/wizard-store';
import './connections-panel.css';

const ROLE_TITLES: Record<ConnectionRole, string> = { cloud: 'Bitwarden cloud', self: 'Self-hosted vault' };
const SECRET_SOURCE_TEXT = {
  keychain: 'kept in the OS keychain',
  memory: 'kept in memory for this session only',
  environment: 'taken from BW_CLIENTID / BW_CLIENTSECRET',
} as const;

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
      <h2 id="connections-title">Sign in to Bitwarden</h2>
      <p className="muted connections-intro">
        Use the personal API key of the account that owns the organization, on each server (web vault: Account settings → Security →
        Keys → View API key). The client secret is sent once to sign in and never shown again.
      </p>
      {secretStorage && (
        <p className={`callout ${secretStorage.persistent ? 'callout-ok' : 'callout-warning'}`} data-testid="secret-storage">
          {secretStorage.persistent
            ? 'Client secrets are kept in the OS keychain, so you stay signed in after a restart.'
            : `Client secrets are kept only for this session (${(secretStorage.reason ?? 'no OS keychain is available').replace(/[.\s]+$/, '')}). You will sign in again next time.`}
        </p>
      )}
      {phase === 'loading' && <p className="muted">Checking saved sign-ins…</p>}
      <div className="connections-grid">
        <ConnectionCard role="cloud" />
        <ConnectionCard role="self" />
      </div>
    </section>
  );
}

function ConnectionCard({ role }: { role: ConnectionRole }) {
  const view = useWizardStore((state) => state.connections[role]);
  const error = useWizardStore((state) => state.connections.errors[role]);
  const titleId = `connection-${role}-title`;
  return (
    <section className="connection-card" aria-labelledby={titleId} data-testid={`connection-${role}`}>
      <h3 id={titleId}>{ROLE_TITLES[role]}</h3>
      {view?.state === 'signed-in' ? <SignedIn view={view} /> : null}
      {view?.state === 'error' && (
        <>
          <div className="callout callout-problem">
            <p>
              Saved sign-in{view.email ? ` for ${view.email}` : ''} does not work now. Sign in again, or sign out.
            </p>
            {view.error && <ProblemList problems={[view.error]} tone="problem" />}
          </div>
          <SignOutButton role={role} />
        </>
      )}
      {error && (
        <div role="alert">
          <ProblemList problems={[error]} tone="problem" />
        </div>
      )}
      {view?.state !== 'signed-in' && <SignInForm role={role} />}
    </section>
  );
}

function SignedIn({ view }: { view: ConnectionView }) {
  const where = view.role === 'cloud' ? (view.region === 'US' || view.region === 'EU' ? `${view.region} region` : 'custom endpoints') : view.vaultUrl;
  return (
    <div>
      <p className="connection-who" data-testid={`signed-in-${view.role}`}>
        Signed in as <strong>{view.email}</strong>
        {where ? <> ({where})</> : null}
      </p>
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
      <OrganizationList view={view} />
      <OrganizationPicker view={view} />
      <SignOutButton role={view.role} />
    </div>
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

function SignOutButton({ role }: { role: ConnectionRole }) {
  const signOut = useWizardStore((state) => state.signOut);
  const busy = useWizardStore((state) => state.connections.busy[role]);
  return (
    <button type="button" className="button button-danger" disabled={busy !== undefined} onClick={() => void signOut(role)}>
      Sign out of the {role === 'cloud' ? 'cloud' : 'self-hosted vault'}
    </button>
  );
}

type CloudChoice = 'US' | 'EU' | 'custom';

function SignInForm({ role }: { role: ConnectionRole }) {
  const busy = useWizardStore((state) => state.connections.busy[role]);
  const install = useWizardStore((state) => state.install);
  const signInCloud = useWizardStore((state) => state.signInCloud);
  const signInSelf = useWizardStore((state) => state.signInSelf);
  const pickCaFile = useWizardStore((state) => state.pickCaFile);
  const known = knownInstall(install);
  const installRegion = known?.install.cloudRegion ?? null;
  const suggestedVault = known?.install.vaultUrl ?? null;

  const [region, setRegion] = useState<CloudChoice>(installRegion === 'EU' ? 'EU' : 'US');
  const [apiUrl, setApiUrl] = useState('');
  const [identityUrl, setIdentityUrl] = useState('');
  // Null until the admin types: until then the install's vault URL (often read after this form appears) is suggested.
  const [typedVault, setTypedVault] = useState<string | null>(null);
  const vaultUrl = typedVault ?? suggestedVault ?? '';
  const [clientId, setClientId] = useState('');
  // The secret lives only in this form until submitted; it never enters the store.
  const [clientSecret, setClientSecret] = useState('');
  const [caFile, setCaFile] = useState<FileHandle | null>(null);
  const id = useId();

  const signingIn = busy === 'signing-in';
  const target = role === 'cloud' ? (region === 'custom' ? apiUrl.trim() && identityUrl.trim() : true) : vaultUrl.trim();
  const ready = Boolean(target) && clientId.trim() !== '' && clientSecret.trim() !== '' && !signingIn;

  return (
    <form
      className="sign-in-form"
      aria-label={`Sign in to the ${role === 'cloud' ? 'Bitwarden cloud' : 'self-hosted vault'}`}
      onSubmit={async (event) => {
        event.preventDefault();
        if (!ready) return;
        const key = { clientId: clientId.trim(), clientSecret, ...(caFile ? { caFileId: caFile.fileId } : {}) };
        const ok =
          role === 'cloud'
            ? await signInCloud(region === 'custom' ? { region, apiUrl: apiUrl.trim(), identityUrl: identityUrl.trim() } : { region }, key)
            : await signInSelf(vaultUrl.trim(), key);
        if (ok) setClientSecret('');
      }}
    >
      {role === 'cloud' ? (
        <fieldset className="region-choice">
          <legend>Cloud</legend>
          {(
            [
              ['US', 'United States (bitwarden.com)'],
              ['EU', 'European Union (bitwarden.eu)'],
              ['custom', 'Other Bitwarden cloud (explicit endpoints)'],
            ] as const
          ).map(([value, label]) => (
            <div className="checkbox-row" key={value}>
              <input type="radio" id={`${id}-region-${value}`} name={`${id}-region`} value={value} checked={region === value} onChange={() => setRegion(value)} />
              <label htmlFor={`${id}-region-${value}`}>{label}</label>
            </div>
          ))}
          {installRegion && <p className="muted">The install is set up for the {installRegion} region.</p>}
          {region === 'custom' && (
            <>
              <label htmlFor={`${id}-api`}>API URL</label>
              <input id={`${id}-api`} type="url" spellCheck={false} autoComplete="off" placeholder="https://api.example.com" value={apiUrl} onChange={(event) => setApiUrl(event.target.value)} />
              <label htmlFor={`${id}-identity`}>Identity URL</label>
              <input id={`${id}-identity`} type="url" spellCheck={false} autoComplete="off" placeholder="https://identity.example.com" value={identityUrl} onChange={(event) => setIdentityUrl(event.target.value)} />
            </>
          )}
        </fieldset>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-vault`}>Vault URL</label>
          <input
            id={`${id}-vault`}
            type="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="https://vault.example.com"
            value={vaultUrl}
            onChange={(event) => setTypedVault(event.target.value)}
          />
          {suggestedVault && vaultUrl === suggestedVault && <p className="muted">From the install’s globalSettings__baseServiceUri__vault.</p>}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-client-id`}>client_id</label>
        <input id={`${id}-client-id`} type="text" spellCheck={false} autoComplete="off" placeholder="user.xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" value={clientId} onChange={(event) => setClientId(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-client-secret`}>client_secret</label>
        <input id={`${id}-client-secret`} type="password" spellCheck={false} autoComplete="off" value={clientSecret} onChange={(event) => setClientSecret(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-ca`}>Extra trusted root certificate (PEM, optional: for a private PKI)</label>
        <ChosenFileField id={`${id}-ca`} file={caFile} onChange={setCaFile} pick={pickCaFile} pickLabel="Choose CA file…" />
      </div>
      <button type="submit" className="button button-primary" disabled={!ready}>
        {signingIn ? 'Signing in…' : `Sign in to the ${role === 'cloud' ? 'cloud' : 'self-hosted vault'}`}
      </button>
    </form>
  );
}

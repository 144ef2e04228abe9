import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FileHandle } from '../../../../main/ipc';
import { extractApiKeyPair, type ApiKeyPaste } from '../../../../main/core/connections/api-key-paste';
import { ChosenFileField } from '../../components/chosen-file-field';
import type { ConnectionRole } from '../../state/connections-slice';
import { knownInstall } from '../../state/install-slice';
import { useWizardStore } from '../../state/wizard-store';
import { ApiKeyPageButton } from './api-key-page-button';
import { RouteChoice } from './route-choice';
import type { ApiRouteKind } from '../../../../main/core/vault-api/api-route';
import { useServerStore } from '../../state/server-store';

type CloudChoice = 'US' | 'EU' | 'custom';

/**
 * One field for the API key: any paste with `user.<guid>` and the secret (the web vault's dialog as
 * copied, env lines, JSON, or the two values one after the other). Sign-in starts as soon as a pair is
 * there. The secret lives only in this form until sent; it never enters the store.
 */
export function SignInForm({ role }: { role: ConnectionRole }) {
  const busy = useWizardStore((state) => state.connections.busy[role]);
  const install = useWizardStore((state) => state.install);
  const signInCloud = useWizardStore((state) => state.signInCloud);
  const signInSelf = useWizardStore((state) => state.signInSelf);
  const known = knownInstall(install);
  const installRegion = known?.install.cloudRegion ?? null;
  const suggestedVault = known?.install.vaultUrl ?? null;

  const [choice, setChoice] = useState<CloudChoice | null>(null);
  const region: CloudChoice = choice ?? (installRegion === 'EU' ? 'EU' : 'US');
  const [apiUrl, setApiUrl] = useState('');
  const [identityUrl, setIdentityUrl] = useState('');
  // Null until the admin types: until then the install's vault URL (often read after this form appears) is suggested.
  const [typedVault, setTypedVault] = useState<string | null>(null);
  const vaultUrl = typedVault ?? suggestedVault ?? '';
  const [pasted, setPasted] = useState('');
  const [caFile, setCaFile] = useState<FileHandle | null>(null);
  const [route, setRoute] = useState<ApiRouteKind>('direct');
  // With a server connected over SSH the route matters (an air-gapped workstation): shown up front, else under More options.
  const serverConnected = useServerStore((state) => state.status.kind === 'ssh');
  const id = useId();
  const key = useMemo(() => extractApiKeyPair(pasted), [pasted]);

  const signingIn = busy === 'signing-in';
  const target = role === 'cloud' ? (region === 'custom' ? apiUrl.trim() && identityUrl.trim() : true) : vaultUrl.trim();
  const ready = Boolean(target) && key.ok && !signingIn;

  const signIn = async () => {
    if (!ready || !key.ok) return;
    const input = { clientId: key.clientId, clientSecret: key.clientSecret, caFileId: caFile?.fileId, route: route === 'direct' ? undefined : route };
    const ok =
      role === 'cloud'
        ? await signInCloud(region === 'custom' ? { region, apiUrl: apiUrl.trim(), identityUrl: identityUrl.trim() } : { region }, input)
        : await signInSelf(vaultUrl.trim(), input);
    if (ok) setPasted('');
  };

  // A complete pair starts the sign-in by itself, once per pair (a refused pair waits for a new paste or the button).
  const tried = useRef('');
  useEffect(() => {
    const pair = key.ok ? `${key.clientId}\n${key.clientSecret}` : '';
    if (!ready || tried.current === pair) return;
    tried.current = pair;
    void signIn();
  });

  return (
    <form
      className="sign-in-form"
      aria-label={`Sign in to the ${role === 'cloud' ? 'Bitwarden cloud' : 'self-hosted vault'}`}
      onSubmit={(event) => {
        event.preventDefault();
        void signIn();
      }}
    >
      <ApiKeyPageButton role={role} region={region} />
      {serverConnected && <RouteChoice id={id} value={route} onChange={setRoute} />}
      <div className="field">
        <label htmlFor={`${id}-key`}>Paste the API key (client_id and client_secret)</label>
        <textarea
          id={`${id}-key`}
          className="api-key-paste"
          rows={2}
          spellCheck={false}
          autoComplete="off"
          placeholder="client_id: user.…  client_secret: …"
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
        />
        <p className="muted api-key-state" aria-live="polite">
          {keyState(key, pasted)}
        </p>
      </div>
      <details className="more">
        <summary>More options</summary>
        {role === 'cloud' ? (
          <CloudChoiceFields id={id} region={region} setRegion={setChoice} installRegion={installRegion} apiUrl={apiUrl} setApiUrl={setApiUrl} identityUrl={identityUrl} setIdentityUrl={setIdentityUrl} />
        ) : (
          <div className="field">
            <label htmlFor={`${id}-vault`}>Vault URL</label>
            <input id={`${id}-vault`} type="url" spellCheck={false} autoComplete="off" placeholder="https://vault.example.com" value={vaultUrl} onChange={(event) => setTypedVault(event.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-ca`}>Extra trusted root certificate (PEM, optional: for a private PKI)</label>
          <ChosenFileField id={`${id}-ca`} file={caFile} onChange={setCaFile} pick={() => useWizardStore.getState().pickCaFile()} pickLabel="Choose CA file…" />
        </div>
        {!serverConnected && <RouteChoice id={id} value={route} onChange={setRoute} />}
      </details>
      <button type="submit" className="button button-primary" disabled={!ready}>
        {signingIn ? 'Signing in…' : `Sign in to the ${role === 'cloud' ? 'cloud' : 'self-hosted vault'}`}
      </button>
    </form>
  );
}

function keyState(key: ApiKeyPaste, pasted: string): string {
  if (!pasted.trim()) return 'Paste both values here; sign-in starts by itself.';
  if (key.ok) return 'API key recognized.';
  // The core's reason in plain words (it never repeats the secret); the web vault's menu path is beside the field.
  return key.reason.replace(/\s*In the web vault:.*$/, '');
}

function CloudChoiceFields(props: {
  id: string;
  region: CloudChoice;
  setRegion: (region: CloudChoice) => void;
  installRegion: string | null;
  apiUrl: string;
  setApiUrl: (value: string) => void;
  identityUrl: string;
  setIdentityUrl: (value: string) => void;
}) {
  const { id, region } = props;
  return (
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
          <input type="radio" id={`${id}-region-${value}`} name={`${id}-region`} value={value} checked={region === value} onChange={() => props.setRegion(value)} />
          <label htmlFor={`${id}-region-${value}`}>{label}</label>
        </div>
      ))}
      {props.installRegion && <p className="muted">The install is set up for the {props.installRegion} region.</p>}
      {region === 'custom' && (
        <>
          <label htmlFor={`${id}-api`}>API URL</label>
          <input id={`${id}-api`} type="url" spellCheck={false} autoComplete="off" placeholder="https://api.example.com" value={props.apiUrl} onChange={(event) => props.setApiUrl(event.target.value)} />
          <label htmlFor={`${id}-identity`}>Identity URL</label>
          <input id={`${id}-identity`} type="url" spellCheck={false} autoComplete="off" placeholder="https://identity.example.com" value={props.identityUrl} onChange={(event) => props.setIdentityUrl(event.target.value)} />
        </>
      )}
    </fieldset>
  );
}

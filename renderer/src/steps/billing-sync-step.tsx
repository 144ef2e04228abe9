import { useEffect, useState } from 'react';
import { GUID_PATTERN } from '../../../main/core/shared/guid';
import { CopyButton } from '../components/copy-button';
import { ProblemCallout } from '../components/problem-callout';
import { StepHeader } from '../components/step-header';
import { useFocusOnArrival } from '../components/use-focus-on-arrival';
import { StepLink } from '../components/step-link';
import { billingSyncBusy, billingSyncError } from '../state/billing-sync-slice';
import { useWizardStore } from '../state/wizard-store';

export function BillingSyncStep() {
  const connections = useWizardStore((state) => state.connections);
  const billingSync = useWizardStore((state) => state.billingSync);
  const loadTokenStatus = useWizardStore((state) => state.loadTokenStatus);
  const loadServerStatus = useWizardStore((state) => state.loadServerStatus);
  const error = useWizardStore(billingSyncError);
  const cloudSignedIn = connections.cloud?.state === 'signed-in';
  const selfSignedIn = connections.self?.state === 'signed-in';
  // What the admin typed wins; until then, the organization chosen in Connect.
  const [typedCloudOrgId, setCloudOrgId] = useState<string | null>(null);
  const cloudOrgId = typedCloudOrgId ?? connections.cloud?.organizationId ?? billingSync.tokenStatus?.cloudOrgId ?? '';
  const selfOrgId = connections.self?.organizationId ?? null;
  const cloudOrgValid = GUID_PATTERN.test(cloudOrgId.trim());

  useEffect(() => {
    if (cloudSignedIn && cloudOrgValid) void loadTokenStatus(cloudOrgId.trim());
  }, [cloudSignedIn, cloudOrgValid, cloudOrgId, loadTokenStatus]);
  useEffect(() => {
    if (selfSignedIn && selfOrgId) void loadServerStatus(selfOrgId);
  }, [selfSignedIn, selfOrgId, loadServerStatus]);

  const kept = billingSync.kept?.cloudOrgId === cloudOrgId.trim().toLowerCase() ? billingSync.kept : null;
  const tokenHere = Boolean(kept) || Boolean(billingSync.tokenStatus?.storedLocally && billingSync.tokenStatus.cloudOrgId === cloudOrgId.trim().toLowerCase());

  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="billing-sync" />
      <div className="step-body">
        {!cloudSignedIn && (
          <div className="callout callout-info">
            <p>Not signed in to the Bitwarden cloud: getting the token needs the cloud organization&apos;s Owner. You can still paste a token you already have.</p>
            <StepLink step="connect" />
          </div>
        )}
        <div className="field">
          <label htmlFor="cloud-org-id">Cloud organization ID</label>
          <div className="row">
            <input id="cloud-org-id" type="text" spellCheck={false} autoComplete="off" value={cloudOrgId} onChange={(event) => setCloudOrgId(event.target.value)} />
            {cloudOrgValid && <CopyButton text={cloudOrgId.trim()} label="cloud organization ID" />}
          </div>
        </div>

        {error && (
          <ProblemCallout problem={error}>
            <StepLink step={error.details?.['step']} />
          </ProblemCallout>
        )}

        <h2>Token</h2>
        {billingSync.tokenStatus && billingSync.tokenStatus.cloudOrgId === cloudOrgId.trim().toLowerCase() && (
          <p data-testid="token-cloud-status">
            {billingSync.tokenStatus.existsInCloud
              ? `The cloud organization has a billing sync token${billingSync.tokenStatus.cloudRevisionDate ? ` (since ${new Date(billingSync.tokenStatus.cloudRevisionDate).toLocaleString()})` : ''}. Getting it returns the same token.`
              : 'The cloud organization has no billing sync token yet: getting it creates one.'}
          </p>
        )}
        {/* The token's slot keeps its height whether or not a token is kept, so the forms below do not move when one arrives. */}
        <div className="token-slot">
          {tokenHere && cloudOrgValid ? (
            <KeptToken key={cloudOrgId.trim().toLowerCase()} cloudOrgId={cloudOrgId.trim()} masked={kept?.masked ?? null} storage={kept?.storage ?? billingSync.tokenStatus?.storage ?? 'memory'} />
          ) : (
            <p className="callout callout-info">No billing sync token is kept on this computer yet.</p>
          )}
        </div>
        {kept?.warnings.map((warning) => (
          <p key={warning} className="callout callout-warning">
            {warning}
          </p>
        ))}
        {cloudSignedIn && <GetTokenForm cloudOrgId={cloudOrgId.trim()} enabled={cloudOrgValid} />}
        <PasteTokenForm cloudOrgId={cloudOrgId.trim()} enabled={cloudOrgValid} />

        <h2>Save it on the self-hosted server</h2>
        <SaveSection cloudOrgId={cloudOrgId.trim()} selfOrgId={selfOrgId} tokenHere={tokenHere && cloudOrgValid} />
      </div>
    </section>
  );
}

function KeptToken({ cloudOrgId, masked, storage }: { cloudOrgId: string; masked: string | null; storage: 'keychain' | 'memory' }) {
  const revealToken = useWizardStore((state) => state.revealToken);
  const copyToken = useWizardStore((state) => state.copyToken);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="callout callout-ok">
      <p>
        Billing sync token kept {storage === 'keychain' ? 'in the OS keychain' : 'in memory for this session only (no keychain)'}:{' '}
        <code data-testid="billing-sync-token">{revealed ?? masked ?? '••••••••••••••••••••••••••••••'}</code>
      </p>
      <div className="row">
        <button
          type="button"
          className="button button-small"
          onClick={async () => {
            setRevealed(revealed ? null : await revealToken(cloudOrgId));
          }}
        >
          {revealed ? 'Hide token' : 'Reveal token'}
        </button>
        <button
          type="button"
          className="button button-small"
          aria-label="Copy billing sync token"
          onClick={async () => {
            setCopied(await copyToken(cloudOrgId));
            setTimeout(() => setCopied(false), 2000);
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <span className="visually-hidden" aria-live="polite">
          {copied ? 'billing sync token copied' : ''}
        </span>
      </div>
    </div>
  );
}

function GetTokenForm({ cloudOrgId, enabled }: { cloudOrgId: string; enabled: boolean }) {
  const fetchToken = useWizardStore((state) => state.fetchToken);
  const requestOtp = useWizardStore((state) => state.requestOtp);
  const billingSync = useWizardStore((state) => state.billingSync);
  const busyWith = useWizardStore(billingSyncBusy);
  const [method, setMethod] = useState<'master-password' | 'otp'>('master-password');
  const [secret, setSecret] = useState('');
  const [rotate, setRotate] = useState(false);
  const busy = busyWith === 'fetching' || busyWith === 'otp';
  return (
    <form
      className="form"
      aria-label="Get the token from the cloud"
      onSubmit={async (event) => {
        event.preventDefault();
        const verification = method === 'master-password' ? { kind: 'master-password' as const, masterPassword: secret } : { kind: 'otp' as const, code: secret };
        // The password leaves this component once; it is cleared whatever the answer.
        setSecret('');
        await fetchToken(cloudOrgId, verification, rotate);
        setRotate(false);
      }}
    >
      <h3>Get the token from the cloud</h3>
      <fieldset>
        <legend>Verify as the organization&apos;s Owner with</legend>
        <label>
          <input type="radio" name="verify-method" checked={method === 'master-password'} onChange={() => setMethod('master-password')} /> master password
        </label>{' '}
        <label>
          <input type="radio" name="verify-method" checked={method === 'otp'} onChange={() => setMethod('otp')} /> a one-time code by e-mail (no master password: SSO, Key Connector)
        </label>
      </fieldset>
      {method === 'otp' && (
        <p>
          <button type="button" className="button" disabled={busy} onClick={() => void requestOtp()}>
            Send the code
          </button>{' '}
          {billingSync.otpSent && <span role="status">A code was sent to the signed-in cloud account&apos;s e-mail address.</span>}
        </p>
      )}
      <div className="field">
        <label htmlFor="token-verification">{method === 'master-password' ? 'Master password (used once, never stored)' : 'One-time code from the e-mail'}</label>
        <input id="token-verification" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
      </div>
      <label>
        <input type="checkbox" checked={rotate} onChange={(event) => setRotate(event.target.checked)} /> Rotate: make a new token
      </label>
      {rotate && billingSync.tokenStatus && (
        <p className="callout callout-warning" role="note">
          {billingSync.tokenStatus.rotateWarning}
        </p>
      )}
      <p>
        <button type="submit" className="button button-primary" disabled={!enabled || !secret || busy}>
          {rotate ? 'Rotate and keep the new token' : 'Get the token'}
        </button>
      </p>
    </form>
  );
}

function PasteTokenForm({ cloudOrgId, enabled }: { cloudOrgId: string; enabled: boolean }) {
  const pasteToken = useWizardStore((state) => state.pasteToken);
  const busy = useWizardStore(billingSyncBusy);
  const [token, setToken] = useState('');
  return (
    <form
      className="form"
      aria-label="Paste a token"
      onSubmit={async (event) => {
        event.preventDefault();
        const value = token;
        setToken('');
        await pasteToken(cloudOrgId, value);
      }}
    >
      <h3>Or paste a token you already have</h3>
      <p className="muted">The offline path: generate it on a connected machine (web vault, or this tool there) and carry it over.</p>
      <div className="field">
        <label htmlFor="paste-token">Billing sync token</label>
        <input id="paste-token" type="password" autoComplete="off" spellCheck={false} value={token} onChange={(event) => setToken(event.target.value)} />
      </div>
      <button type="submit" className="button" disabled={!enabled || !token.trim() || busy !== null}>
        Keep the pasted token
      </button>
    </form>
  );
}

function SaveSection({ cloudOrgId, selfOrgId, tokenHere }: { cloudOrgId: string; selfOrgId: string | null; tokenHere: boolean }) {
  const billingSync = useWizardStore((state) => state.billingSync);
  const self = useWizardStore((state) => state.connections.self);
  const saveToken = useWizardStore((state) => state.saveToken);
  const renewLicense = useWizardStore((state) => state.renewLicense);
  const busy = useWizardStore(billingSyncBusy) !== null;
  const server = billingSync.server;
  const savedRef = useFocusOnArrival<HTMLParagraphElement>(billingSync.saved ? `${billingSync.saved.action}-${billingSync.saved.connectionId}` : null);
  if (!self || self.state !== 'signed-in' || !selfOrgId) {
    return (
      <div className="callout callout-info">
        <p>Not signed in to the self-hosted vault (or no organization chosen). Save the token there by hand:</p>
        <ol>
          {(billingSync.tokenStatus?.webVaultSteps ?? ['Open the self-hosted web vault as the organization Owner.', 'Admin Console › Billing › Subscription › Manage billing sync.', 'Paste the token and save.']).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ol>
        <StepLink step="connect" />
      </div>
    );
  }
  return (
    <div>
      <p>
        Self-hosted organization ID <code data-testid="billing-sync-self-org-id">{selfOrgId}</code> <CopyButton text={selfOrgId} label="self-hosted organization ID" />
      </p>
      <p className="muted">{billingSync.tokenStatus?.notCheckedAtSave ?? 'The self-hosted server does not check the token against the cloud when saving it: a wrong or rotated token only shows at the first sync.'}</p>
      <button type="button" className="button button-primary" disabled={!tokenHere || busy} onClick={() => void saveToken(selfOrgId, cloudOrgId)}>
        Save on the self-hosted server
      </button>
      {billingSync.saved && (
        <p className="callout callout-ok" role="status" data-testid="billing-sync-saved" ref={savedRef} tabIndex={-1}>
          {billingSync.saved.action === 'created' ? 'Saved: billing sync connection created' : 'Saved: billing sync connection updated'} ({billingSync.saved.enabled ? 'enabled' : 'disabled'}).
        </p>
      )}
      {server && (
        <dl className="facts" data-testid="billing-sync-server">
          <dt>Cloud communication (server)</dt>
          <dd>{server.cloudCommunication ? 'active' : 'inactive — apply it in Cloud communication'}</dd>
          <dt>Billing sync connection</dt>
          <dd>{server.connection ? `${server.connection.enabled ? 'enabled' : 'disabled'}, token ${server.connection.tokenSet ? 'set (not shown)' : 'not set'}` : 'none yet'}</dd>
          <dt>Cloud organization (from the license)</dt>
          <dd>
            {server.connection?.cloudOrganizationId ? (
              <>
                <code>{server.connection.cloudOrganizationId}</code> <CopyButton text={server.connection.cloudOrganizationId} label="license's cloud organization ID" />
              </>
            ) : (
              '—'
            )}
          </dd>
          <dt>Last license sync</dt>
          <dd>{billingSync.renewedAt ?? server.connection?.lastLicenseSync ?? 'never'}</dd>
        </dl>
      )}
      {server?.connection?.enabled && (
        <div className="row">
          <button type="button" className="button" disabled={busy} onClick={() => void renewLicense(selfOrgId)}>
            Renew the license through billing sync
          </button>
        </div>
      )}
    </div>
  );
}

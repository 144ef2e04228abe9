import { useState } from 'react';
import { SYNC_VERIFIED_TEXT, sponsorshipSyncInfo } from '../../../../main/core/billing-sync/sync-verify-wording';
import { DiffView } from '../../components/diff-view';
import { ProblemCallout } from '../../components/problem-callout';
import type { GuidedState } from '../../state/guided-slice';
import { STEP_TITLES } from '../../state/steps';
import { billingSyncError } from '../../state/billing-sync-slice';
import { useWizardStore } from '../../state/wizard-store';

/** What the run needs from the admin now: a confirmation, the master password, a fix — or nothing (running, finished). */
export function GuidedStopPanel({ guided }: { guided: GuidedState }) {
  if (guided.kind === 'running') return <RunningNote stage={guided.stage} />;
  if (guided.kind === 'finished') return <Finished />;
  if (guided.kind === 'idle') return null;
  const { stop } = guided;
  if (stop.kind === 'confirm-env') return <EnvConfirm />;
  if (stop.kind === 'token-verification') return <TokenPrompt />;
  return <ProblemStop headline={stop.headline} problem={stop.problem} fixStep={stop.fixStep} />;
}

function RunningNote({ stage }: { stage: string }) {
  const applying = useWizardStore((state) => (state.cloudApply.kind !== 'loading' ? null : state.cloudApply.input.attachedRunId ? 'attached' : 'started'));
  const server = useWizardStore((state) => (state.serverRuns.kind === 'checked' ? state.serverRuns.server : null));
  const text =
    stage !== 'cloud-communication' || applying === null
      ? 'Working…'
      : applying === 'attached'
        ? `Waiting for the restart that was already running on ${server ?? 'your server'} to end (it is followed, not started again)… the vault is offline meanwhile.`
        : 'Restarting your server… the vault is offline for a few minutes.';
  return (
    <p className="callout callout-info" role="status" data-testid="guided-running-note">
      {text}
    </p>
  );
}

/** The env change as its diff, with the one confirmation that writes it and restarts. */
function EnvConfirm() {
  const edit = useWizardStore((state) => state.cloudEdit);
  const confirm = useWizardStore((state) => state.confirmGuidedEnv);
  const planCloudEdit = useWizardStore((state) => state.planCloudEdit);
  const email = useWizardStore((state) => (state.connections.self?.state === 'signed-in' ? state.connections.self.email : null));
  // Offered only when the list was empty (the core added the e-mail to the plan); kept on screen when unticked.
  const [offered] = useState(() => edit.kind === 'planned' && edit.plan.admins?.added === true);
  if (edit.kind !== 'planned' && edit.kind !== 'planning') return null;
  const adding = edit.kind === 'planned' && edit.addAdmin !== undefined && edit.plan.admins?.added === true;
  return (
    <div className="guided-form">
      <p>
        <strong>Turn on cloud communication.</strong> This change will be written to your server’s settings file (a backup is made first):
      </p>
      {edit.kind === 'planned' ? <DiffView diff={edit.plan.diff} label="Change to global.override.env" /> : <p className="muted">Working out the change…</p>}
      {offered && email && (
        <div className="checkbox-row">
          <input
            id="guided-add-admin"
            type="checkbox"
            checked={adding}
            disabled={edit.kind !== 'planned'}
            onChange={(event) => void planCloudEdit(edit.installId, false, event.target.checked ? email : undefined)}
          />
          <label htmlFor="guided-add-admin">Also make {email} an admin of the System Administrator Portal (the list is empty)</label>
        </div>
      )}
      <p>Your server then restarts: the vault is offline for a few minutes.</p>
      <button type="button" className="button button-primary" disabled={edit.kind !== 'planned'} onClick={() => void confirm()}>
        Write and restart
      </button>
    </div>
  );
}

/** The master password for the billing sync token (or a code by e-mail), used once and never kept. */
function TokenPrompt() {
  const submit = useWizardStore((state) => state.submitGuidedVerification);
  const requestOtp = useWizardStore((state) => state.requestOtp);
  const email = useWizardStore((state) => (state.connections.cloud?.state === 'signed-in' ? state.connections.cloud.email : null));
  const error = useWizardStore(billingSyncError);
  const otpSent = useWizardStore((state) => state.billingSync.otpSent);
  const [useCode, setUseCode] = useState(false);
  const [secret, setSecret] = useState('');
  return (
    <form
      className="guided-form"
      onSubmit={(event) => {
        event.preventDefault();
        const value = secret;
        // The password leaves this component once; it is cleared whatever the answer.
        setSecret('');
        void submit(useCode ? { kind: 'otp', code: value } : { kind: 'master-password', masterPassword: value });
      }}
    >
      <p>
        <strong>Get the billing sync token.</strong> The cloud asks the organization’s owner{email ? ` (${email})` : ''} to confirm it is them.
      </p>
      {error && <ProblemCallout problem={error} title="That did not work." />}
      <div className="field">
        <label htmlFor="guided-verification">{useCode ? 'Code from the e-mail' : 'Master password (used once, never stored)'}</label>
        <input id="guided-verification" type="password" autoComplete="off" value={secret} onChange={(event) => setSecret(event.target.value)} />
      </div>
      <div className="row">
        <button type="submit" className="button button-primary" disabled={!secret}>
          Get the token and finish
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            setUseCode(!useCode);
            if (!useCode) void requestOtp();
          }}
        >
          {useCode ? 'Use the master password instead' : 'No master password? Send a code by e-mail'}
        </button>
        {useCode && otpSent && <span role="status">A code was sent.</span>}
      </div>
    </form>
  );
}

function ProblemStop({ headline, problem, fixStep }: { headline: string; problem: { code: string; message: string }; fixStep: keyof typeof STEP_TITLES }) {
  const showStep = useWizardStore((state) => state.showStep);
  const runGuided = useWizardStore((state) => state.runGuided);
  return (
    <ProblemCallout problem={problem} title={headline}>
      <div className="row">
        <button type="button" className="button button-primary" onClick={() => showStep(fixStep)}>
          Fix it in {STEP_TITLES[fixStep]}
        </button>
        <button type="button" className="button" onClick={() => void runGuided()}>
          Continue
        </button>
      </div>
    </ProblemCallout>
  );
}

function Finished() {
  const lastSyncDate = useWizardStore((state) => state.syncVerify.lastSyncDate);
  const showStep = useWizardStore((state) => state.showStep);
  return (
    <div className="callout callout-ok" data-testid="guided-finished">
      <p>
        <strong>Everything is set up.</strong> {SYNC_VERIFIED_TEXT}
      </p>
      <p className="muted">{sponsorshipSyncInfo(lastSyncDate)}</p>
      <button type="button" className="button" onClick={() => showStep('sync-verify')}>
        Show the summary
      </button>
    </div>
  );
}

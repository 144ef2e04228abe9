import { SYNC_VERIFIED_TEXT } from '../../../../main/core/billing-sync/sync-verify-wording';
import { ProblemCallout } from '../../components/problem-callout';
import { StepLink } from '../../components/step-link';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import { useWizardStore } from '../../state/wizard-store';

/** Verify now, through the license sync: "verified" ends the setup; a refusal names the step that fixes it. */
export function VerifySection({ selfOrgId }: { selfOrgId: string | null }) {
  const verification = useWizardStore((state) => state.syncVerify.verification);
  const verifyNow = useWizardStore((state) => state.verifyNow);
  const outcome = verification.kind === 'ready' ? verification.value : null;
  const resultRef = useFocusOnArrival<HTMLDivElement>(outcome ? (outcome.verified ? 'verified' : 'unverified') : verification.kind === 'failed' ? 'failed' : null);
  return (
    <div className="verify-section">
      <div className="row">
        <button type="button" className="button button-primary" disabled={!selfOrgId || verification.kind === 'loading'} onClick={() => selfOrgId && void verifyNow(selfOrgId)}>
          {verification.kind === 'loading' ? 'Verifying…' : outcome?.verified ? 'Verify again' : 'Verify now'}
        </button>
        {!selfOrgId && <StepLink step="connect" />}
      </div>
      <div ref={resultRef} tabIndex={-1} className="verify-result" aria-live="polite">
        {outcome?.verified && (
          <p className="callout callout-ok" data-testid="verified">
            <strong>Verified.</strong> {SYNC_VERIFIED_TEXT} <span className="muted">(license synced at {outcome.lastLicenseSync}, server time)</span>
          </p>
        )}
        {outcome && !outcome.verified && (
          <ProblemCallout problem={outcome.error} title={outcome.serverMessage ? `Your server said: “${outcome.serverMessage}”` : 'Your server did not sync with the cloud.'}>
            <StepLink step={outcome.step} />
            {outcome.alsoCheck && <StepLink step={outcome.alsoCheck} />}
          </ProblemCallout>
        )}
        {verification.kind === 'failed' && <ProblemCallout problem={verification.error} title="Your server could not be asked to sync." />}
      </div>
    </div>
  );
}

import { SYNC_VERIFIED_TEXT } from '../../../../main/core/billing-sync/sync-verify-wording';
import { ProblemCallout } from '../../components/problem-callout';
import { StepLink } from '../../components/step-link';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import { useWizardStore } from '../../state/wizard-store';

/** Verify now, through the license sync: "verified" ends the setup; a refusal names the step that fixes it. */
export function VerifySection({ selfOrgId }: { selfOrgId: string | null }) {
  const verification = useWizardStore((state) => state.syncVerify.verification);
  const verifyNow = useWizardStore((state) => state.verifyNow);
  const resultRef = useFocusOnArrival<HTMLDivElement>(verification.kind === 'idle' || verification.kind === 'verifying' ? null : verification.kind);
  return (
    <div className="verify-section">
      <div className="row">
        <button type="button" className="button button-primary" disabled={!selfOrgId || verification.kind === 'verifying'} onClick={() => selfOrgId && void verifyNow(selfOrgId)}>
          {verification.kind === 'verifying' ? 'Verifying…' : verification.kind === 'verified' ? 'Verify again' : 'Verify now'}
        </button>
        {!selfOrgId && <StepLink step="connect" />}
      </div>
      <div ref={resultRef} tabIndex={-1} className="verify-result" aria-live="polite">
        {verification.kind === 'verified' && (
          <p className="callout callout-ok" data-testid="verified">
            <strong>Verified.</strong> {SYNC_VERIFIED_TEXT} <span className="muted">(license synced at {verification.lastLicenseSync}, server time)</span>
          </p>
        )}
        {verification.kind === 'unverified' && (
          <ProblemCallout problem={verification.result.error} title={verification.result.serverMessage ? `Your server said: “${verification.result.serverMessage}”` : 'Your server did not sync with the cloud.'}>
            <StepLink step={verification.result.step} />
            {verification.result.alsoCheck && <StepLink step={verification.result.alsoCheck} />}
          </ProblemCallout>
        )}
        {verification.kind === 'failed' && <ProblemCallout problem={verification.error} title="Your server could not be asked to sync." />}
      </div>
    </div>
  );
}

import { ErrorCallout } from '../../components/error-callout';
import { useWizardStore } from '../../state/wizard-store';

/** "Which region knows this ID?": asks the US and EU clouds about the installation ID, and nothing else. */
export function RegionCheck({ installationId }: { installationId: string }) {
  const region = useWizardStore((s) => s.licenseRegion);
  const checkRegion = useWizardStore((s) => s.checkLicenseRegion);
  return (
    <>
      <div className="row">
        <button type="button" className="button" disabled={region.kind === 'loading'} onClick={() => void checkRegion(installationId)}>
          Which region knows this ID?
        </button>
        <span className="muted">Contacts api.bitwarden.com and api.bitwarden.eu (nothing else is sent than the ID).</span>
      </div>
      <div className="license-live" aria-live="polite">
        {region.kind === 'loading' && <p className="muted">Asking the US and EU clouds…</p>}
        {region.kind === 'failed' && <ErrorCallout error={region.error} title="The region check failed." />}
        {region.kind === 'ready' && (
          <div className={`callout ${region.value.knownIn && region.value.enabled && !region.value.mismatch ? 'callout-ok' : 'callout-warning'}`}>
            <p>{region.value.message}</p>
            {region.value.mismatch && <p>{region.value.mismatch}</p>}
          </div>
        )}
      </div>
    </>
  );
}

import { CopyButton } from '../../components/copy-button';
import { RegionCheck } from './region-check';

/** The installation ID the license must name, and which cloud region knows it. */
export function InstallationSection({ installationId }: { installationId: string | null }) {
  return (
    <div className="license-section">
      <h2>This installation</h2>
      {installationId ? (
        <p>
          Installation ID <code data-testid="license-installation-id">{installationId}</code> <CopyButton text={installationId} label="installation ID" />
        </p>
      ) : (
        <p className="muted">
          No install read yet. Read it in the Connect step so the license is checked against its installation ID; you can still check a file here.
        </p>
      )}
      {installationId ? <RegionCheck installationId={installationId} /> : <div className="license-live" aria-live="polite" />}
    </div>
  );
}

import { ErrorCallout } from '../../components/error-callout';
import { useWizardStore } from '../../state/wizard-store';

/** What the download is doing; a downloaded file shows up in the check below. */
export function DownloadStatus() {
  const download = useWizardStore((s) => s.licenseDownload);
  return (
    <div className="license-live" aria-live="polite">
      {download.kind === 'loading' && <p className="muted">Downloading…</p>}
      {download.kind === 'cancelled' && <p className="muted">Download cancelled; nothing was saved.</p>}
      {download.kind === 'failed' && <ErrorCallout error={download.error} title="The cloud did not issue the license." />}
    </div>
  );
}

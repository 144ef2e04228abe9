import { ErrorCallout } from '../../components/error-callout';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import { useWizardStore } from '../../state/wizard-store';

/** The upload's progress and outcome: confirmed when the server now reports the uploaded license. */
export function UploadStatus() {
  const upload = useWizardStore((s) => s.licenseUpload);
  const uploadRef = useFocusOnArrival<HTMLDivElement>(upload.kind === 'ready' || upload.kind === 'failed' ? upload.kind : null);
  return (
    <div className="license-live license-upload-live" aria-live="polite" ref={uploadRef} tabIndex={-1}>
      {upload.kind === 'loading' && <p className="muted">Uploading{upload.input.force ? ' (override)' : ''}…</p>}
      {upload.kind === 'ready' && (
        <div className={`callout ${upload.value.confirmation.confirmed ? 'callout-ok' : 'callout-warning'}`} data-testid="license-upload-result">
          <p>
            <strong>{upload.value.confirmation.confirmed ? 'Uploaded and confirmed on the server.' : 'Uploaded, but not confirmed.'}</strong>
          </p>
          <p>{upload.value.confirmation.message}</p>
        </div>
      )}
      {upload.kind === 'failed' && <ErrorCallout error={upload.error} title="The license was not uploaded." />}
    </div>
  );
}

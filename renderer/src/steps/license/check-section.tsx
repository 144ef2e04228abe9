import { ErrorCallout } from '../../components/error-callout';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import type { LicenseFileState } from '../../state/license-slice';
import { useWizardStore } from '../../state/wizard-store';
import { CertificateChoice } from './certificate-choice';
import { InspectionView } from './inspection-view';
import { LicenseDropZone } from './license-drop-zone';

/** Focus moves to the result when a new one arrives (another file, or the same one checked against another install). */
function arrivalKey(file: LicenseFileState): string | null {
  if (file.kind === 'ready') return `${file.value.source.fileId}-${file.value.result.checkedInstallationId ?? ''}`;
  return file.kind === 'failed' ? 'failed' : null;
}

/** The offline check: the file, the certificate it is verified with, and what the inspection found. */
export function CheckSection() {
  const licenseFile = useWizardStore((s) => s.licenseFile);
  const resultRef = useFocusOnArrival<HTMLDivElement>(arrivalKey(licenseFile));
  return (
    <div className="license-section">
      <h2>Check the license (offline)</h2>
      <p className="muted">Nothing leaves this computer while checking. Check on the connected machine before carrying the file over, and again here.</p>
      <LicenseDropZone />
      <CertificateChoice />
      <div className="license-result" aria-live="polite" ref={resultRef} tabIndex={-1}>
        {licenseFile.kind === 'idle' && <p className="muted">No license checked yet.</p>}
        {licenseFile.kind === 'loading' && <p className="muted">Checking {licenseFile.input}…</p>}
        {licenseFile.kind === 'failed' && <ErrorCallout error={licenseFile.error} title={`${licenseFile.input} could not be read.`} />}
        {licenseFile.kind === 'ready' && (
          <InspectionView
            inspection={licenseFile.value.result.inspection}
            fileName={licenseFile.value.result.fileName}
            kept={licenseFile.value.origin === 'downloaded' ? licenseFile.value.source.fileId : null}
            checkedInstallationId={licenseFile.value.result.checkedInstallationId}
          />
        )}
      </div>
    </div>
  );
}

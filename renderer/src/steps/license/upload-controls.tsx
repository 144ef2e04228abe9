import { useId, useState } from 'react';
import type { ConnectionView } from '../../../../main/ipc/contracts/connections-contract';
import { inspectedLicense } from '../../state/license-slice';
import { useWizardStore } from '../../state/wizard-store';
import { OrganizationPicker } from './organization-picker';

/**
 * Upload is enabled for a usable checked file and a chosen organization. A file with problems can
 * still be sent, only through the explicit override (ticked, then "Upload anyway").
 */
export function UploadControls({ self }: { self: ConnectionView }) {
  const selfOrgId = useWizardStore((s) => s.licenseSelfOrgId);
  const inspected = useWizardStore((s) => inspectedLicense(s)?.result ?? null);
  const busy = useWizardStore((s) => s.licenseUpload.kind === 'loading');
  const startUpload = useWizardStore((s) => s.uploadLicense);
  const usable = inspected?.inspection.usable ?? false;
  return (
    <>
      <OrganizationPicker role="self" connection={self} value={selfOrgId} />
      <div className="row">
        <button type="button" className="button button-primary" disabled={!inspected || !usable || !selfOrgId || busy} onClick={() => void startUpload({ force: false })}>
          Upload license
        </button>
        {!inspected && <span className="muted">Check a license file first.</span>}
        {inspected && !usable && <span className="muted">The checked file has problems; fix them (usually: download again).</span>}
      </div>
      {inspected && !usable && <UploadOverride disabled={!selfOrgId || busy} onUpload={() => void startUpload({ force: true })} />}
    </>
  );
}

function UploadOverride({ disabled, onUpload }: { disabled: boolean; onUpload: () => void }) {
  const [override, setOverride] = useState(false);
  const overrideId = useId();
  return (
    <div className="license-override">
      <div className="checkbox-row">
        <input id={overrideId} type="checkbox" checked={override} onChange={(event) => setOverride(event.target.checked)} />
        <label htmlFor={overrideId}>I understand the problems above and want to upload this file anyway</label>
      </div>
      <button type="button" className="button button-danger" disabled={!override || disabled} onClick={onUpload}>
        Upload anyway
      </button>
    </div>
  );
}

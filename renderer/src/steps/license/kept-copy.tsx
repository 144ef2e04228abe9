import { useState } from 'react';
import { useWizardStore } from '../../state/wizard-store';

/** A downloaded license stays in the app's data; a copy elsewhere only when the admin asks. */
export function KeptCopy({ fileId }: { fileId: string }) {
  const saveCopy = useWizardStore((s) => s.saveLicenseCopy);
  const [note, setNote] = useState('');
  return (
    <p className="row">
      <span className="muted">Kept in the app’s data.</span>
      <button type="button" className="button button-small" onClick={async () => setNote(await saveCopy(fileId))}>
        Save a copy…
      </button>
      <span aria-live="polite">{note}</span>
    </p>
  );
}

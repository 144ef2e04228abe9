import { useState, type DragEvent } from 'react';
import { useWizardStore } from '../../state/wizard-store';

/** Drop the license file here, or choose it with the native picker (main hands back a handle either way). */
export function LicenseDropZone() {
  const pick = useWizardStore((s) => s.pickLicenseFile);
  const importDropped = useWizardStore((s) => s.importDroppedLicense);
  const [dragging, setDragging] = useState(false);

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importDropped(file);
  };

  return (
    <div
      className={`license-drop${dragging ? ' license-drop-active' : ''}`}
      data-testid="license-drop-zone"
      role="group"
      aria-label="License file"
      onDragOver={onDragOver}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <p>Drop bitwarden_organization_license.json here, or</p>
      <button type="button" className="button" onClick={() => void pick()}>
        Choose license file…
      </button>
    </div>
  );
}

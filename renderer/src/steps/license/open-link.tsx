import { useWizardStore } from '../../state/wizard-store';

/** Opens a page main built, by the id it came with (the page never names a URL). */
export function OpenLink({ linkId, label }: { linkId: string | null; label: string }) {
  const open = useWizardStore((s) => s.openLicenseLink);
  if (!linkId) return null;
  return (
    <button type="button" className="button" onClick={() => void open(linkId)}>
      {label}
    </button>
  );
}

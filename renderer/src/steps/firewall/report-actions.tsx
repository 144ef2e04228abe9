import { useShallow } from 'zustand/react/shallow';
import { useWizardStore } from '../../state/wizard-store';

/** Copy or save the last report (main keeps it) for the network team. */
export function ReportActions() {
  const { note, copy, save } = useWizardStore(
    useShallow((s) => ({ note: s.firewallReportNote, copy: s.copyFirewallReport, save: s.saveFirewallReport })),
  );
  return (
    <div className="row firewall-report-actions">
      <button type="button" className="button" onClick={() => void copy()}>
        Copy report
      </button>
      <button type="button" className="button" onClick={() => void save('json')}>
        Save report (JSON)
      </button>
      <button type="button" className="button" onClick={() => void save('text')}>
        Save report (text)
      </button>
      <span className="muted" aria-live="polite">
        {note}
      </span>
    </div>
  );
}

import { MEASURED_FROM_WORDS, METHOD_WORDS } from '../../../../main/core/connectivity/vantage-words';
import type { FirewallPlan, FirewallRunResult } from '../../../../main/ipc/contracts/firewall-contract';
import { useWizardStore } from '../../state/wizard-store';
import { Remediation } from './remediation';
import { ReportActions } from './report-actions';

/** The verdict of a finished run: one summary, what to do per failing host, and the report to hand on. */
export function FirewallResults({ report, plan }: { report: FirewallRunResult; plan: FirewallPlan }) {
  const showStep = useWizardStore((s) => s.showStep);
  const tone = report.ok ? 'callout-ok' : report.noOutboundPath ? 'callout-problem' : 'callout-warning';
  const first = report.targets[0];
  return (
    <div className="firewall-results">
      <div className={`callout ${tone}`} role="status" data-testid="firewall-summary">
        <p>
          <strong>{report.ok ? 'Network OK' : report.noOutboundPath ? 'No outbound path' : 'Problems found'}</strong>
        </p>
        <p>{report.summary}</p>
        <p className="muted">
          Proxy: {report.proxy.url ? `${report.proxy.url} — ` : ''}
          {report.proxy.detail}
        </p>
        {first && (
          <p className="muted" data-testid="measured-from">
            Measured from {MEASURED_FROM_WORDS[first.measuredFrom]} ({METHOD_WORDS[first.method]}).
          </p>
        )}
        {report.noOutboundPath && (
          <button type="button" className="button" onClick={() => showStep('license')}>
            Go to the License step (offline license)
          </button>
        )}
      </div>
      <Remediation targets={report.targets.filter((t) => t.verdict !== 'ok')} plan={plan} />
      <ReportActions />
    </div>
  );
}

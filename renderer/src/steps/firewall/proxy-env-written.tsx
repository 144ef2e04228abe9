import type { ProxyEnvResult } from '../../../../main/ipc/contracts/firewall-contract';
import { useWizardStore } from '../../state/wizard-store';

/** The proxy variables were written: where, the backup, and that a restart applies them. */
export function ProxyEnvWritten({ result }: { result: ProxyEnvResult }) {
  const showStep = useWizardStore((s) => s.showStep);
  return (
    <div className="callout callout-ok" role="status">
      <p>
        Written to <code>{result.file}</code>
        {result.backup ? (
          <>
            ; backup: <code>{result.backup}</code>
          </>
        ) : null}
        .
      </p>
      <p>The containers only see it after the configuration is applied (a restart).</p>
      <button type="button" className="button" onClick={() => showStep('cloud-communication')}>
        Apply it in the Cloud communication step
      </button>
    </div>
  );
}

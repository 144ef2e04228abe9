import { readyValue } from '../../state/async-state';
import { CopyButton } from '../../components/copy-button';
import { useServerStore } from '../../state/server-store';
import { useWizardStore } from '../../state/wizard-store';

/** The copy-ready commands to test from the server and inside the containers that sync (nothing is run). */
export function ContainerCommands() {
  const commands = useWizardStore((s) =>
    s.firewallRun.kind === 'finished' ? s.firewallRun.report.containerTestCommands : readyValue(s.firewallContainerCommands),
  );
  const onServer = useServerStore((s) => s.status.kind === 'ssh');
  if (commands === undefined) return null;
  return (
    <details className="firewall-containers">
      <summary>Test from the server and inside its containers</summary>
      <p className="callout callout-info">
        {onServer ? "This check runs from the server's own network, not from inside its containers." : 'This check runs on this computer.'} Billing sync runs inside the server's <code>bitwarden-api</code> container (daily) and{' '}
        <code>bitwarden-admin</code> (the manual sync). {commands.note}
      </p>
      <ul className="firewall-commands">
        {commands.commands.map((c) => (
          <li key={c.command}>
            <span>{c.title}</span>
            <div className="row">
              <code className="firewall-command">{c.command}</code>
              <CopyButton text={c.command} label={`command: ${c.title}`} />
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}

import type { CloudApplySummary } from '../../../../main/ipc/contracts/cloud-contract';
import { CopyButton } from '../../components/copy-button';
import { LogView } from '../../components/log-view';
import { ProblemCallout } from '../../components/problem-callout';
import { ProblemList } from '../../components/problem-list';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import type { CloudApplyState } from '../../state/cloud-slice';
import { useWizardStore } from '../../state/wizard-store';
import { CliCommand } from './cli-command';
import { CLOUD_KEY } from './cloud-texts';

/**
 * The outcome right under the Run button: a one-line banner (focused when it arrives), and below it,
 * collapsed, what ran and the command output. The slot keeps its height from the start.
 */
export function ApplyResult({ apply }: { apply: CloudApplyState }) {
  const log = useWizardStore((state) => state.applyLog);
  const bannerRef = useFocusOnArrival<HTMLDivElement>(apply.kind === 'ready' || apply.kind === 'failed' ? `${apply.kind}-${log.version}` : null);
  return (
    <div className="apply-result">
      <div ref={bannerRef} tabIndex={-1}>
        {apply.kind === 'idle' && <p className="callout callout-info">Your vault is offline while it restarts, usually for a few minutes.</p>}
        {apply.kind === 'loading' && <p className="callout callout-info">Restarting… your vault is offline for a few minutes.</p>}
        {apply.kind === 'ready' && <OutcomeBanner summary={apply.value} />}
        {apply.kind === 'failed' && (
          <ProblemCallout problem={apply.error}>
            <CliCommand error={apply.error} />
          </ProblemCallout>
        )}
      </div>
      <details className="more">
        <summary>Show the command output{apply.kind === 'idle' ? '' : ` (${log.lines.length.toLocaleString()} lines)`}</summary>
        <LogView
          lines={apply.kind === 'idle' ? [] : log.lines}
          version={log.version}
          dropped={log.dropped}
          label="Command output"
          emptyText="The commands' output appears here, line by line, when you run them."
        />
        {apply.kind === 'ready' && <OutcomeDetails summary={apply.value} />}
      </details>
    </div>
  );
}

function OutcomeBanner({ summary }: { summary: CloudApplySummary }) {
  const after = summary.cloudCommunicationAfter;
  const good = summary.ok && after === true;
  return (
    <div className={`callout ${good ? 'callout-ok' : 'callout-problem'}`} data-testid="apply-outcome" role={good ? 'status' : 'alert'}>
      <p data-testid="apply-after-value">
        <strong>{good ? 'Restarted: cloud communication is on.' : summary.ok ? 'Restarted, but the file does not say cloud communication is on.' : 'The restart did not finish.'}</strong>{' '}
        <span className="visually-hidden">
          {CLOUD_KEY} after the run: {after === null ? 'could not be read' : String(after)}
        </span>
      </p>
      <ProblemList problems={summary.problems} tone="problem" />
    </div>
  );
}

function OutcomeDetails({ summary }: { summary: CloudApplySummary }) {
  return (
    <>
      <table className="apply-commands">
        <caption className="visually-hidden">Commands run</caption>
        <thead>
          <tr>
            <th scope="col">Command</th>
            <th scope="col">Result</th>
            <th scope="col">Time</th>
          </tr>
        </thead>
        <tbody>
          {summary.commands.map((run, index) => {
            const status = run.spawnError !== undefined ? `could not start: ${run.spawnError}` : run.exitCode !== null ? `exit ${run.exitCode}` : `signal ${run.signal}`;
            return (
              <tr key={index} data-testid="apply-command-result">
                <td>
                  <code>{run.argv.join(' ')}</code>
                </td>
                <td>
                  <span className={`chip ${run.exitCode === 0 ? 'chip-pass' : 'chip-fail'}`}>
                    {status}
                    {run.cancelled ? ' (cancelled)' : ''}
                    {run.timedOut ? ' (stopped: waiting for input)' : ''}
                  </span>
                </td>
                <td>{(run.durationMs / 1000).toFixed(1)} s</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {summary.logFile && (
        <p className="row">
          Full log: <code data-testid="apply-log-file">{summary.logFile}</code> <CopyButton text={summary.logFile} label="log file path" />
        </p>
      )}
    </>
  );
}

import type { ContainerCommandResult } from '../../../../main/core/connectivity';
import type { FirewallPlan, FirewallPlannedTarget } from '../../../../main/ipc/contracts/firewall-contract';
import type { FirewallRunState } from '../../state/firewall-slice';
import { ContainerVerdicts } from './container-verdicts';
import { StageChips } from './stage-chips';
import { StageTable } from './stage-table';

/** A host: its verdict (or progress), and in its details the stage chips and the stage table. */
export function TargetRow({
  target,
  run,
  plan,
  containerResults,
}: {
  target: FirewallPlannedTarget;
  run: FirewallRunState;
  plan: FirewallPlan;
  /** The same host requested from inside the containers, when the admin ran those commands. */
  containerResults: ContainerCommandResult[];
}) {
  const stages = run.kind === 'idle' ? [] : (run.stages[target.url] ?? []);
  const report = run.kind === 'finished' ? run.report.targets.find((t) => t.url === target.url) : undefined;
  const verdict = verdictWords(run, report ? { verdict: report.verdict, required: report.required } : undefined, plan);
  return (
    <li className="firewall-row" data-testid="firewall-row" data-host={target.host} data-verdict={report?.verdict ?? ''}>
      <div className="firewall-row-head">
        <span className="firewall-host">
          <code>
            {target.host}:{target.port}
          </code>{' '}
          <span className="muted">
            {target.purpose}
            {target.required ? '' : ' — informational'}
          </span>
        </span>
        <span className={`firewall-verdict firewall-verdict-${verdict.tone}`} data-testid="verdict">
          {report ? <code className="problem-code">{report.verdict}</code> : null} {verdict.text}
        </span>
      </div>
      {containerResults.length > 0 && <ContainerVerdicts results={containerResults} />}
      <details className="firewall-detail">
        <summary>
          Details for {target.host}:{target.port}
        </summary>
        <StageChips host={target.host} stageNames={plan.stageNames} stages={stages} running={run.kind === 'running'} />
        <StageTable stageNames={plan.stageNames} stages={stages} />
        <p className="muted">{target.url}</p>
      </details>
    </li>
  );
}

type Tone = 'ok' | 'bad' | 'warn' | 'pending';

function verdictWords(
  run: FirewallRunState,
  report: { verdict: keyof FirewallPlan['verdictTitles']; required: boolean } | undefined,
  plan: FirewallPlan,
): { text: string; tone: Tone } {
  if (report) return { text: plan.verdictTitles[report.verdict], tone: report.verdict === 'ok' ? 'ok' : report.required ? 'bad' : 'warn' };
  if (run.kind === 'running') return { text: 'Checking…', tone: 'pending' };
  if (run.kind === 'failed') return { text: run.error.kind === 'cancelled' ? 'Cancelled' : 'Not finished', tone: 'pending' };
  return { text: 'Not checked yet', tone: 'pending' };
}

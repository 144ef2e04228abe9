import type { FirewallRunState } from '../../state/firewall-slice';

/** "Checking… 4 of 21 stages finished." while it runs, then how it ended. */
export function RunProgress({ run, stageCount }: { run: FirewallRunState; stageCount: number }) {
  if (run.kind === 'idle') return <p className="firewall-progress" aria-live="polite" />;
  const done = Object.values(run.stages).reduce((n, stages) => n + stages.length, 0);
  const total = run.targets.length * stageCount;
  let text: string;
  if (run.kind === 'running') text = `Checking… ${done} of ${total} stages finished.`;
  else if (run.kind === 'finished') text = `Finished in ${(run.report.durationMs / 1000).toFixed(1)} s.`;
  else text = run.error.kind === 'cancelled' ? 'Cancelled.' : 'The check stopped.';
  return (
    <p className="firewall-progress" aria-live="polite" data-testid="firewall-progress">
      {text}
    </p>
  );
}

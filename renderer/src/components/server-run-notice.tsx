import { useShallow } from 'zustand/react/shallow';
import type { ApplyRun } from '../../../main/core/runner';
import { knownInstall } from '../state/install-slice';
import { leftOverRun } from '../state/server-runs-slice';
import { useWizardStore } from '../state/wizard-store';
import { applyMethodTitle } from '../steps/cloud-communication/cloud-texts';

type Phase = 'running' | 'ended' | 'following';

const BUTTON_TEXT: Record<Phase, string> = { running: 'Follow its live log', ended: 'See how it ended', following: 'Show its live log' };

function sentence(run: ApplyRun, server: string, phase: Phase): string {
  const started = new Date(run.startedAt).toLocaleString();
  const what = applyMethodTitle(run.method);
  if (phase === 'following') return `${what} on ${server}, started ${started} by another session, is being followed. Nothing new was started.`;
  if (phase === 'running') return `${what} is running on ${server}, started ${started} by another session. The app will not start another one until it ends.`;
  const how = run.state === 'lost' ? 'without recording how it ended' : run.exitCode === 0 ? 'and finished' : 'and failed';
  return `${what} on ${server}, started ${started}, ended while no one followed it, ${how}.`;
}

/**
 * Beside the step list, whatever step or the guided run is on screen: an apply found on the install's
 * server (left running by another session, or ended unseen), with the way to its live log.
 */
export function ServerRunNotice() {
  const installId = useWizardStore((state) => knownInstall(state.install)?.installId ?? null);
  const leftOver = useWizardStore(useShallow((state) => leftOverRun(state, installId)));
  const following = useWizardStore((state) => state.cloudApply.kind === 'loading' && leftOver !== null && state.cloudApply.input.attachedRunId === leftOver.run.id);
  const attachFailed = useWizardStore((state) => state.cloudApply.kind === 'failed' && leftOver !== null && state.cloudApply.input.attachedRunId === leftOver.run.id);
  const onCloudStep = useWizardStore((state) => state.currentStep === 'cloud-communication' && !state.guidedOnScreen);
  const showStep = useWizardStore((state) => state.showStep);
  const followServerRun = useWizardStore((state) => state.followServerRun);
  // Followed here to its end: Cloud communication shows how it ended; the notice has done its job.
  if (leftOver === null || (leftOver.followed && !following)) return null;
  const phase: Phase = following ? 'following' : leftOver.run.state === 'running' ? 'running' : 'ended';
  return (
    <div className="callout callout-info server-run-notice" role="status" data-testid="server-run-notice" data-phase={phase}>
      <p>
        <strong>{phase === 'ended' ? 'A restart of your server ended unseen' : 'Your server is restarting'}</strong>
      </p>
      <p>{sentence(leftOver.run, leftOver.server ?? 'the server', phase)}</p>
      {!onCloudStep && (
        <button type="button" className="button" onClick={() => showStep('cloud-communication')}>
          {BUTTON_TEXT[phase]}
        </button>
      )}
      {/* On the screen that follows it, the notice stays only when following failed (a refusal, a lost link): try again. */}
      {onCloudStep && attachFailed && installId !== null && (
        <button type="button" className="button" onClick={() => void followServerRun(installId)}>
          Follow it again
        </button>
      )}
    </div>
  );
}

import type { ApplyRun } from '../../../../main/core/runner';
import type { CloudApplyState } from '../../state/cloud-slice';
import { applyMethodTitle } from './cloud-texts';

/** When the restart on screen is one found on the server (left by another session), says so and where its output is kept. */
export function AttachedRunNotice({ apply, found }: { apply: CloudApplyState; found: ApplyRun | null }) {
  const attached = apply.kind === 'loading' && apply.input.attachedRunId ? found : apply.kind === 'ready' ? (apply.value.attached ?? null) : null;
  if (!attached) return null;
  const started = new Date(attached.startedAt).toLocaleString();
  const what = `${applyMethodTitle(attached.method)} (run ${attached.id}, started ${started})`;
  return (
    <p className="callout callout-info" data-testid="attached-run-notice">
      {attached.state === 'running'
        ? `${what} was still running on the server, started by another session or before the app was closed. Its output is followed below from the start.`
        : `${what} ended on the server while no one was watching. Its output and how it ended are below.`}{' '}
      The server keeps its log in <code>{attached.logPath}</code>.
    </p>
  );
}

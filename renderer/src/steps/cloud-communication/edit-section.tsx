import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CopyButton } from '../../components/copy-button';
import { DiffView } from '../../components/diff-view';
import { ProblemCallout } from '../../components/problem-callout';
import { ProblemList } from '../../components/problem-list';
import { useFocusOnArrival } from '../../components/use-focus-on-arrival';
import type { CloudEditState } from '../../state/cloud-slice';
import { useWizardStore } from '../../state/wizard-store';
import { CliCommand } from './cli-command';

/**
 * The edit: diff → confirm → backup with Undo. The written state keeps the diff where it was and
 * swaps only the line above it and the button row, so the Apply section below does not move.
 */
export function EditSection({ installId }: { installId: string }) {
  const edit = useWizardStore((state) => state.cloudEdit);
  const planCloudEdit = useWizardStore((state) => state.planCloudEdit);
  const current: CloudEditState = 'installId' in edit && edit.installId !== installId ? { kind: 'idle' } : edit;
  const fixRegion = 'fixRegion' in current ? current.fixRegion : false;
  const resultRef = useFocusOnArrival<HTMLDivElement>(current.kind === 'written' || current.kind === 'restored' || current.kind === 'failed' ? current.kind : null);

  // Work out the diff as soon as the step shows an install (reading is harmless).
  useEffect(() => {
    if (current.kind === 'idle') void planCloudEdit(installId, false);
  }, [current.kind, installId, planCloudEdit]);

  const busy = current.kind === 'planning' || current.kind === 'writing' || current.kind === 'restoring';
  const regionBlocked = current.kind === 'planned' && current.plan.blockedByRegionMismatch;
  const showRegionBox = regionBlocked || fixRegion || (current.kind === 'failed' && current.error.code === 'region-mismatch');

  return (
    <section className="cloud-section" aria-labelledby="cloud-edit-title" aria-busy={busy}>
      <h2 id="cloud-edit-title">1. Change the settings file</h2>
      <div aria-live="polite" className="cloud-edit-body" ref={resultRef} tabIndex={-1}>
        {current.kind === 'planning' && <p className="muted">Working out the change…</p>}
        {current.kind === 'planned' && !current.plan.changed && !regionBlocked && (
          <div className="callout callout-ok">
            <p>
              <strong>Cloud communication is already on in the file.</strong> Nothing to write; restart below if the server has not been restarted since.
            </p>
          </div>
        )}
        {regionBlocked && current.kind === 'planned' && (
          <div className="callout callout-problem" role="alert">
            <p>
              <strong>The region settings disagree.</strong> Nothing will be written until this is resolved.
            </p>
            <ProblemList problems={current.plan.problems.filter((p) => p.code === 'region-mismatch')} tone="problem" />
          </div>
        )}
        {showRegionBox && (
          <div className="checkbox-row">
            <input id="fix-region" type="checkbox" checked={fixRegion} disabled={busy} onChange={(event) => void planCloudEdit(installId, event.target.checked)} />
            <label htmlFor="fix-region">Fix the region URIs too (set them to this install&apos;s cloud region)</label>
          </div>
        )}
        {(current.kind === 'planned' || current.kind === 'writing' || current.kind === 'written' || current.kind === 'restoring') && <DiffAndAction current={current} />}
        {current.kind === 'restored' && (
          <div className="callout callout-info" data-testid="cloud-restored">
            <p>
              <strong>Restored</strong> from <code>{current.restore.restoredFrom}</code>.
              {current.restore.backup && (
                <>
                  {' '}
                  The content it replaced is in <code>{current.restore.backup}</code>.
                </>
              )}
            </p>
            <button type="button" className="button" onClick={() => void planCloudEdit(installId, false)}>
              Show the change again
            </button>
          </div>
        )}
        {current.kind === 'failed' && <EditFailure failure={current} onRetry={() => void planCloudEdit(installId, current.fixRegion)} />}
      </div>
    </section>
  );
}

type DiffState = Extract<CloudEditState, { kind: 'planned' | 'writing' | 'written' | 'restoring' }>;

function DiffAndAction({ current }: { current: DiffState }) {
  const { confirmCloudEdit, undoCloudEdit } = useWizardStore(useShallow((state) => ({ confirmCloudEdit: state.confirmCloudEdit, undoCloudEdit: state.undoCloudEdit })));
  if (current.kind === 'planned' || current.kind === 'writing') {
    if (!current.plan.changed) return null;
    return (
      <>
        <p>This exact change will be written (a backup is made first):</p>
        <DiffView diff={current.plan.diff} label="Change to global.override.env" />
        <ProblemList problems={current.plan.problems.filter((p) => p.code !== 'cloud-communication-off')} tone="warning" />
        <div className="row cloud-edit-actions">
          <button type="button" className="button button-primary" disabled={current.kind === 'writing'} onClick={() => void confirmCloudEdit()}>
            {current.kind === 'writing' ? 'Writing…' : 'Confirm and write'}
          </button>
        </div>
      </>
    );
  }
  if (!current.result.changed) return <p data-testid="cloud-written">Already set; nothing was written.</p>;
  return (
    <div data-testid="cloud-written">
      <p>
        <strong>Written.</strong> Your server uses it after the restart below.
      </p>
      <DiffView diff={current.result.diff} label="Change written to global.override.env" />
      {/* One line, like the Confirm row it replaces: the backup path is cut with an ellipsis (full path in its title and copy button). */}
      <div className="row cloud-edit-actions cloud-edit-actions-written">
        <button type="button" className="button" disabled={current.kind === 'restoring' || current.result.backup === null} onClick={() => void undoCloudEdit()}>
          {current.kind === 'restoring' ? 'Restoring…' : 'Undo (restore the backup)'}
        </button>
        <span className="cloud-backup">
          Backup:{' '}
          <code data-testid="cloud-backup-path" title={current.result.backup ?? undefined}>
            {current.result.backup}
          </code>
        </span>
        {current.result.backup && <CopyButton text={current.result.backup} label="backup path" />}
      </div>
    </div>
  );
}

function EditFailure({ failure, onRetry }: { failure: Extract<CloudEditState, { kind: 'failed' }>; onRetry: () => void }) {
  const { error } = failure;
  const headline: Record<string, string> = {
    'changed-during-edit': 'The file changed on disk since the change was shown. Nothing was written.',
    'permission-denied': 'This app may not read or write the settings file.',
    'region-mismatch': 'The region settings disagree; nothing was written.',
  };
  return (
    <ProblemCallout problem={error} title={headline[error.code] ?? (failure.action === 'restore' ? 'The backup could not be restored.' : 'The settings file could not be changed.')}>
      <CliCommand error={error} />
      <button type="button" className="button" onClick={onRetry}>
        {error.code === 'changed-during-edit' ? 'Show the new change' : 'Try again'}
      </button>
    </ProblemCallout>
  );
}

import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { InstallInspection, IpcError } from '../../../main/ipc';
import type { ApplyMethodOption, CloudApplySummary } from '../../../main/ipc/contracts/cloud-contract';
import { CopyButton } from '../components/copy-button';
import { DiffView } from '../components/diff-view';
import { LogView } from '../components/log-view';
import { ProblemCallout } from '../components/problem-callout';
import { ProblemList } from '../components/problem-list';
import { StepHeader } from '../components/step-header';
import type { CloudApplyState, CloudEditState } from '../state/cloud-slice';
import { knownInstall } from '../state/install-slice';
import { useWizardStore } from '../state/wizard-store';
import './cloud-communication-step.css';

const KEY = 'globalSettings__enableCloudCommunication';

export function CloudCommunicationStep() {
  const install = useWizardStore((state) => state.install);
  const showStep = useWizardStore((state) => state.showStep);
  // After a write, undo or apply the install is re-read; the store keeps the previous reading of the
  // same folder meanwhile, so the screen (and the log's scroll position) does not jump or remount.
  const shown = knownInstall(install);

  if (shown === null) {
    return (
      <section className="step" aria-labelledby="step-title">
        <StepHeader step="cloud-communication" />
        <div className="callout callout-info">
          <p>{install.kind === 'reading' ? `Reading ${install.folder}…` : 'Read the install in the Connect step first.'}</p>
          {install.kind !== 'reading' && (
            <button type="button" className="button" onClick={() => showStep('connect')}>
              Go to Connect
            </button>
          )}
        </div>
      </section>
    );
  }
  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="cloud-communication" />
      <CurrentValue install={shown.install} />
      <EditSection installId={shown.installId} />
      <ApplySection installId={shown.installId} />
    </section>
  );
}

function CurrentValue({ install }: { install: InstallInspection }) {
  return (
    <dl className="facts cloud-facts">
      <dt>Current value</dt>
      <dd data-testid="cloud-current-value">
        <code>
          {KEY}={install.cloudCommunicationRaw ?? ''}
        </code>{' '}
        <span className={install.cloudCommunication ? 'chip chip-pass' : 'chip chip-warn'}>{install.cloudCommunication ? 'on' : install.cloudCommunicationRaw === null ? 'not set (off)' : 'off'}</span>
      </dd>
      <dt>Environment file</dt>
      <dd>
        <code>{install.envFilePath}</code>
      </dd>
    </dl>
  );
}

/** The edit: diff → confirm → backup with Undo. */
function EditSection({ installId }: { installId: string }) {
  const edit = useWizardStore((state) => state.cloudEdit);
  const { planCloudEdit, confirmCloudEdit, undoCloudEdit } = useWizardStore(
    useShallow((state) => ({ planCloudEdit: state.planCloudEdit, confirmCloudEdit: state.confirmCloudEdit, undoCloudEdit: state.undoCloudEdit })),
  );
  const current: CloudEditState = 'installId' in edit && edit.installId !== installId ? { kind: 'idle' } : edit;
  const fixRegion = 'fixRegion' in current ? current.fixRegion : false;

  // Work out the diff as soon as the step shows an install (reading is harmless).
  useEffect(() => {
    if (current.kind === 'idle') void planCloudEdit(installId, false);
  }, [current.kind, installId, planCloudEdit]);

  const busy = current.kind === 'planning' || current.kind === 'writing' || current.kind === 'restoring';
  const regionBlocked = current.kind === 'planned' && current.plan.blockedByRegionMismatch;
  const showRegionBox = regionBlocked || fixRegion || (current.kind === 'failed' && current.error.code === 'region-mismatch');

  return (
    <section className="cloud-section" aria-labelledby="cloud-edit-title" aria-busy={busy}>
      <h2 id="cloud-edit-title">1. Change the env file</h2>
      <div aria-live="polite" className="cloud-edit-body">
        {current.kind === 'planning' && <p className="muted">Working out the change…</p>}

        {current.kind === 'planned' && !current.plan.changed && !regionBlocked && (
          <div className="callout callout-ok">
            <p>
              <strong>{KEY}=true is already set.</strong> Nothing to write; apply it below if the server has not been restarted since.
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
            <input
              id="fix-region"
              type="checkbox"
              checked={fixRegion}
              disabled={busy}
              onChange={(event) => void planCloudEdit(installId, event.target.checked)}
            />
            <label htmlFor="fix-region">Fix the region URIs too (set them to this install&apos;s cloud region)</label>
          </div>
        )}

        {(current.kind === 'planned' || current.kind === 'writing') && current.plan.changed && (
          <>
            <p>This exact change will be written (secrets shown as &lt;redacted&gt;; a backup is made first):</p>
            <DiffView diff={current.plan.diff} label="Change to global.override.env" />
            <ProblemList problems={current.plan.problems.filter((p) => p.code !== 'cloud-communication-off')} tone="warning" />
            <div className="row">
              <button type="button" className="button button-primary" disabled={current.kind === 'writing'} onClick={() => void confirmCloudEdit()}>
                {current.kind === 'writing' ? 'Writing…' : 'Confirm and write'}
              </button>
            </div>
          </>
        )}

        {(current.kind === 'written' || current.kind === 'restoring') && (
          <div className="callout callout-ok" data-testid="cloud-written">
            {current.result.changed ? (
              <>
                <p>
                  <strong>Written.</strong> The previous file is saved as <code data-testid="cloud-backup-path">{current.result.backup}</code>{' '}
                  {current.result.backup && <CopyButton text={current.result.backup} label="backup path" />}
                </p>
                <DiffView diff={current.result.diff} label="Change written to global.override.env" />
                <p className="muted">The running server sees the change only after it is applied (next section).</p>
                <button type="button" className="button" disabled={current.kind === 'restoring' || current.result.backup === null} onClick={() => void undoCloudEdit()}>
                  {current.kind === 'restoring' ? 'Restoring…' : 'Undo (restore the backup)'}
                </button>
              </>
            ) : (
              <p>Already set; nothing was written.</p>
            )}
          </div>
        )}

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

function EditFailure({ failure, onRetry }: { failure: Extract<CloudEditState, { kind: 'failed' }>; onRetry: () => void }) {
  const { error } = failure;
  const headline: Record<string, string> = {
    'changed-during-edit': 'The file changed on disk since the diff was shown. Nothing was written.',
    'permission-denied': 'This app may not read or write the env file.',
    'region-mismatch': 'The region settings disagree; nothing was written.',
  };
  return (
    <ProblemCallout problem={error} title={headline[error.code] ?? (failure.action === 'restore' ? 'The backup could not be restored.' : 'The env file could not be changed.')}>
      <CliCommand error={error} />
      <button type="button" className="button" onClick={onRetry}>
        {error.code === 'changed-during-edit' ? 'Show the new diff' : 'Try again'}
      </button>
    </ProblemCallout>
  );
}

/** For permission-denied: the CLI command to run as root or the bwdata owner (the app cannot). */
function CliCommand({ error }: { error: IpcError }) {
  const command = typeof error.details?.['command'] === 'string' ? error.details['command'] : null;
  if (error.code !== 'permission-denied' || !command) return null;
  return (
    <p className="row">
      <code data-testid="cli-command">{command}</code> <CopyButton text={command} label="command" />
    </p>
  );
}

function useElapsed(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, now - startedAt);
}

function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Choosing how to apply, running it with a live log, and the outcome. */
function ApplySection({ installId }: { installId: string }) {
  const { methods, selected, apply, log, loadApplyMethods, selectApplyMethod, runApply, cancelApply } = useWizardStore(
    useShallow((state) => ({
      methods: state.applyMethods,
      selected: state.selectedApplyMethod,
      apply: state.cloudApply,
      log: state.applyLog,
      loadApplyMethods: state.loadApplyMethods,
      selectApplyMethod: state.selectApplyMethod,
      runApply: state.runApply,
      cancelApply: state.cancelApply,
    })),
  );
  const methodsHere = methods.kind !== 'none' && methods.installId === installId ? methods : null;
  useEffect(() => {
    if (methodsHere === null) void loadApplyMethods(installId);
  }, [methodsHere, installId, loadApplyMethods]);

  const applyHere: CloudApplyState = apply.kind !== 'idle' && apply.installId !== installId ? { kind: 'idle' } : apply;
  const running = applyHere.kind === 'running';
  const elapsed = useElapsed(running ? applyHere.startedAt : null);
  const options = methodsHere?.kind === 'loaded' ? methodsHere.methods : [];
  const chosen = options.find((option) => option.method === selected);

  return (
    <section className="cloud-section" aria-labelledby="cloud-apply-title">
      <h2 id="cloud-apply-title">2. Apply it to the running server</h2>
      {methodsHere?.kind === 'failed' && <ProblemList problems={[methodsHere.error]} tone="problem" />}
      <fieldset className="apply-methods" disabled={running}>
        <legend>How to apply it</legend>
        {methodsHere?.kind === 'loading' && <p className="muted">Working out the commands…</p>}
        {options.map((option) => (
          <MethodOption key={option.method} option={option} checked={selected === option.method} onSelect={() => selectApplyMethod(option.method)} />
        ))}
      </fieldset>

      <div className="row apply-controls">
        <button
          type="button"
          className="button button-primary"
          disabled={running || !chosen || chosen.unavailable !== null}
          onClick={() => void runApply(installId)}
        >
          Run {chosen ? chosen.title.replace(/ \(recommended\)$/, '').toLowerCase() : ''}
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={!running || applyHere.cancelling}
          onClick={() => void cancelApply()}
        >
          {running && applyHere.cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        <span className="apply-status" role="status" data-testid="apply-status">
          {running && `Running ${applyHere.method}… ${formatDuration(elapsed)}`}
          {applyHere.kind === 'finished' &&
            `${applyHere.summary.ok ? 'Finished' : 'Stopped'} after ${formatDuration(applyHere.summary.endedAt - applyHere.summary.startedAt)}`}
          {applyHere.kind === 'failed' && 'Could not run'}
        </span>
      </div>

      <LogView
        lines={applyHere.kind === 'idle' ? [] : log.lines}
        version={log.version}
        dropped={log.dropped}
        label="Command output"
        emptyText="The commands' output appears here, line by line, when you run them."
      />

      {applyHere.kind === 'finished' && <ApplyOutcome summary={applyHere.summary} />}
      {applyHere.kind === 'failed' && (
        <ProblemCallout problem={applyHere.error}>
          <CliCommand error={applyHere.error} />
        </ProblemCallout>
      )}
    </section>
  );
}

function MethodOption({ option, checked, onSelect }: { option: ApplyMethodOption; checked: boolean; onSelect: () => void }) {
  const id = `apply-method-${option.method}`;
  return (
    <div className={`apply-method${checked ? ' apply-method-checked' : ''}`}>
      <div className="apply-method-head">
        <input
          type="radio"
          id={id}
          name="apply-method"
          value={option.method}
          checked={checked}
          disabled={option.unavailable !== null}
          onChange={onSelect}
          aria-describedby={`${id}-explain`}
        />
        <label htmlFor={id}>{option.title}</label>
      </div>
      <p id={`${id}-explain`} className="apply-method-explain">
        {option.explain}
      </p>
      {option.unavailable ? (
        <p className="apply-method-unavailable">
          <code className="problem-code">{option.unavailable.code}</code> {option.unavailable.message}
        </p>
      ) : (
        <p className="row apply-method-command">
          <code data-testid={`apply-command-${option.method}`}>{option.copyCommand}</code>
          <CopyButton text={option.copyCommand} label={`${option.title} command`} />
        </p>
      )}
    </div>
  );
}

function ApplyOutcome({ summary }: { summary: CloudApplySummary }) {
  const after = summary.cloudCommunicationAfter;
  return (
    <div className={`callout ${summary.ok && after ? 'callout-ok' : 'callout-problem'}`} data-testid="apply-outcome">
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
            const good = run.exitCode === 0;
            const status =
              run.spawnError !== undefined
                ? `could not start: ${run.spawnError}`
                : run.exitCode !== null
                  ? `exit ${run.exitCode}`
                  : `signal ${run.signal}`;
            return (
              <tr key={index} data-testid="apply-command-result">
                <td>
                  <code>{run.argv.join(' ')}</code>
                </td>
                <td>
                  <span className={`chip ${good ? 'chip-pass' : 'chip-fail'}`}>
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
      <ProblemList problems={summary.problems} tone="problem" />
      <p data-testid="apply-after-value">
        {KEY} after the run:{' '}
        <strong>{after === null ? 'could not be read' : String(after)}</strong>
        {after === true && summary.ok ? ' — cloud communication is on.' : ''}
      </p>
      {summary.logFile && (
        <p className="row">
          Full log: <code data-testid="apply-log-file">{summary.logFile}</code> <CopyButton text={summary.logFile} label="log file path" />
        </p>
      )}
    </div>
  );
}

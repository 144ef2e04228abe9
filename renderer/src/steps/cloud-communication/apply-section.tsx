import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ApplyMethodOption } from '../../../../main/ipc/contracts/cloud-contract';
import { CopyButton } from '../../components/copy-button';
import { ProblemList } from '../../components/problem-list';
import { idle } from '../../state/async-state';
import type { CloudApplyState } from '../../state/cloud-slice';
import { useWizardStore } from '../../state/wizard-store';
import { ApplyResult } from './apply-result';
import { AttachedRunNotice } from './attached-run-notice';
import { applyMethodLabel, formatDuration } from './cloud-texts';

function useElapsed(startedAt: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [startedAt]);
  return startedAt === null ? 0 : Math.max(0, now - startedAt);
}

/** Choosing how to apply, running it, and the result banner beside the button (the log collapsed under it). */
export function ApplySection({ installId }: { installId: string }) {
  const { methods, selected, apply, cancelling, loadApplyMethods, selectApplyMethod, runApply, cancelApply, serverRuns } = useWizardStore(
    useShallow((state) => ({
      methods: state.applyMethods,
      selected: state.selectedApplyMethod,
      apply: state.cloudApply,
      cancelling: state.applyCancelling,
      loadApplyMethods: state.loadApplyMethods,
      selectApplyMethod: state.selectApplyMethod,
      runApply: state.runApply,
      cancelApply: state.cancelApply,
      serverRuns: state.serverRuns,
    })),
  );
  const methodsHere = methods.kind !== 'idle' && methods.input === installId ? methods : null;
  useEffect(() => {
    if (methodsHere === null) void loadApplyMethods(installId);
  }, [methodsHere, installId, loadApplyMethods]);

  const applyHere: CloudApplyState = apply.kind !== 'idle' && apply.input.installId !== installId ? idle : apply;
  const running = applyHere.kind === 'loading';
  const elapsed = useElapsed(running ? applyHere.input.startedAt : null);
  const options = methodsHere?.kind === 'ready' ? methodsHere.value : [];
  const chosen = options.find((option) => option.method === selected);
  const label = applyMethodLabel(chosen);

  return (
    <section className="cloud-section" aria-labelledby="cloud-apply-title">
      <h2 id="cloud-apply-title">2. Restart your server</h2>
      <AttachedRunNotice apply={applyHere} found={serverRuns.kind === 'checked' && serverRuns.installId === installId ? serverRuns.found : null} />
      {methodsHere?.kind === 'failed' && <ProblemList problems={[methodsHere.error]} tone="problem" />}
      <details className="more apply-methods-details">
        <summary>Other ways to apply ({options.map(applyMethodLabel).join(', ') || '…'})</summary>
        <fieldset className="apply-methods" disabled={running}>
          <legend>How to apply it</legend>
          {methodsHere?.kind === 'loading' && <p className="muted">Working out the commands…</p>}
          {options.map((option) => (
            <MethodOption key={option.method} option={option} checked={selected === option.method} onSelect={() => selectApplyMethod(option.method)} />
          ))}
        </fieldset>
      </details>
      <div className="row apply-controls">
        <button type="button" className="button button-primary" disabled={running || !chosen || chosen.unavailable !== null} onClick={() => void runApply(installId)}>
          Run {label.toLowerCase()}
        </button>
        <button type="button" className="button button-danger" disabled={!running || cancelling} onClick={() => void cancelApply()}>
          {running && cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
        <span className="apply-status" role="status" data-testid="apply-status">
          {running && `Running ${applyHere.input.attachedRunId ? 'on the server' : label.toLowerCase()}… ${formatDuration(elapsed)}`}
          {applyHere.kind === 'ready' && `${applyHere.value.ok ? 'Finished' : 'Stopped'} after ${formatDuration(applyHere.value.endedAt - applyHere.value.startedAt)}`}
          {applyHere.kind === 'failed' && 'Could not run'}
        </span>
      </div>
      <ApplyResult apply={applyHere} />
    </section>
  );
}

function MethodOption({ option, checked, onSelect }: { option: ApplyMethodOption; checked: boolean; onSelect: () => void }) {
  const id = `apply-method-${option.method}`;
  return (
    <div className={`apply-method${checked ? ' apply-method-checked' : ''}`}>
      <div className="apply-method-head">
        <input type="radio" id={id} name="apply-method" value={option.method} checked={checked} disabled={option.unavailable !== null} onChange={onSelect} aria-describedby={`${id}-explain`} />
        <label htmlFor={id}>{option.title}</label>
      </div>
      <p id={`${id}-explain`} className="apply-method-explain">
        {option.explain}
      </p>
      {option.unavailable ? (
        <p className="apply-method-unavailable">{option.unavailable.message}</p>
      ) : (
        <p className="row apply-method-command">
          <code data-testid={`apply-command-${option.method}`}>{option.copyCommand}</code>
          <CopyButton text={option.copyCommand} label={`${option.title} command`} />
        </p>
      )}
    </div>
  );
}

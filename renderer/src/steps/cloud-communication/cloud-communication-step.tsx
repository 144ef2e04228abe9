import { useEffect } from 'react';
import type { InstallInspection } from '../../../../main/ipc';
import { StepHeader } from '../../components/step-header';
import { knownInstall } from '../../state/install-slice';
import { useWizardStore } from '../../state/wizard-store';
import { ApplySection } from './apply-section';
import { EditSection } from './edit-section';
import { CLOUD_KEY } from './cloud-texts';
import './cloud-communication-step.css';

export function CloudCommunicationStep() {
  const install = useWizardStore((state) => state.install);
  const showStep = useWizardStore((state) => state.showStep);
  // After a write, undo or apply the install is re-read; the store keeps the previous reading of the
  // same install meanwhile, so the screen (and the log's scroll position) does not jump or remount.
  const shown = knownInstall(install);
  const edit = useWizardStore((state) => state.cloudEdit);
  const editShown = shown !== null && 'installId' in edit && edit.installId === shown.installId && (edit.kind !== 'planning' || edit.fixRegion);
  const apply = useWizardStore((state) => state.cloudApply);
  const followServerRun = useWizardStore((state) => state.followServerRun);
  const shownId = shown?.installId ?? null;
  // A restart left on the server by another session (or before the app was closed) is shown and followed here.
  useEffect(() => {
    if (shownId !== null) void followServerRun(shownId);
  }, [shownId, followServerRun]);
  const attachedHere = shown !== null && apply.kind !== 'idle' && apply.input.installId === shown.installId && ((apply.kind === 'loading' && apply.input.attachedRunId !== undefined) || (apply.kind === 'ready' && apply.value.attached !== undefined));

  if (shown === null) {
    return (
      <section className="step" aria-labelledby="step-title">
        <StepHeader step="cloud-communication" />
        <div className="callout callout-info">
          <p>{install.kind === 'reading' ? `Reading ${install.folder}…` : 'Choose the install in the Connect step first.'}</p>
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
      {/* The restart section appears with the change, never before it: a diff arriving must not push it down. */}
      {(editShown || attachedHere) && <ApplySection installId={shown.installId} />}
    </section>
  );
}

function CurrentValue({ install }: { install: InstallInspection }) {
  return (
    <dl className="facts cloud-facts">
      <dt>Now</dt>
      <dd data-testid="cloud-current-value">
        <span className={install.cloudCommunication ? 'chip chip-pass' : 'chip chip-warn'}>
          {install.cloudCommunication ? 'on' : install.cloudCommunicationRaw === null ? 'not set (off)' : 'off'}
        </span>{' '}
        <code>
          {CLOUD_KEY}={install.cloudCommunicationRaw ?? ''}
        </code>
      </dd>
      <dt>File</dt>
      <dd>
        <code>{install.envFilePath}</code>
      </dd>
    </dl>
  );
}

import { useState } from 'react';
import { CopyButton } from '../components/copy-button';
import { PathField } from '../components/path-field';
import { ProblemCallout } from '../components/problem-callout';
import { ProblemList } from '../components/problem-list';
import { StepHeader } from '../components/step-header';
import { knownInstall } from '../state/install-slice';
import { useWizardStore } from '../state/wizard-store';
import { useServerStore } from '../state/server-store';
import { ConnectionsPanel } from './connect/connections-panel';
import { ServerChooser } from './connect/server-chooser';

export function ConnectStep() {
  const install = useWizardStore((state) => state.install);
  const readTypedFolder = useWizardStore((state) => state.readTypedFolder);
  const pickInstallFolder = useWizardStore((state) => state.pickInstallFolder);
  const [folder, setFolder] = useState(install.kind === 'none' ? '' : install.folder);
  const onServer = useServerStore((state) => state.where === 'ssh');
  // During a re-read of the same folder the previous reading stays on screen (no flicker).
  const known = knownInstall(install);

  return (
    <section className="step" aria-labelledby="step-title">
      <StepHeader step="connect" />
      <ServerChooser />
      {!onServer && (
        <form
          className="folder-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (folder.trim()) void readTypedFolder(folder.trim());
          }}
        >
          <label htmlFor="install-folder">Bitwarden install folder (holds bitwarden.sh and bwdata), or bwdata itself</label>
          <PathField id="install-folder" name="install-folder" value={folder} placeholder="/opt/bitwarden" onChange={setFolder} pick={pickInstallFolder} pickLabel="Choose folder…">
            <button type="submit" className="button button-primary" disabled={!folder.trim() || install.kind === 'reading'}>
              Read install
            </button>
          </PathField>
        </form>
      )}

      <div className="step-body" aria-live="polite">
        {install.kind === 'reading' && (
          <p className="muted" role="status">
            {install.previous ? 'Reading again' : 'Reading'} {install.folder}…
          </p>
        )}
        {install.kind === 'failed' && <ProblemCallout problem={install.error} title="This folder cannot be used." />}
        {known && <InstallSummary install={known.install} />}
      </div>
      <ConnectionsPanel />
    </section>
  );
}

function InstallSummary({ install }: { install: import('../../../main/ipc').InstallInspection }) {
  return (
    <div className="summary">
      <dl className="facts">
        <dt>Installation ID</dt>
        <dd>
          {install.installationId ? (
            <>
              <code data-testid="installation-id">{install.installationId}</code>{' '}
              <CopyButton text={install.installationId} label="installation ID" />
            </>
          ) : (
            <span className="muted">not set</span>
          )}
        </dd>
        <dt>Installation key</dt>
        <dd>{install.installationKeyPresent ? 'present (not shown)' : 'missing'}</dd>
        <dt>Cloud region</dt>
        <dd>{install.cloudRegion ?? 'not set (Bitwarden assumes US)'}</dd>
        <dt>Vault URL</dt>
        <dd>{install.vaultUrl ?? <span className="muted">not set</span>}</dd>
        <dt>Cloud communication</dt>
        <dd data-testid="cloud-communication">{install.cloudCommunication ? 'enabled' : 'off'}</dd>
        <dt>Environment file</dt>
        <dd>
          <code>{install.envFilePath}</code>
        </dd>
      </dl>
      <ProblemList problems={install.problems} tone="warning" />
    </div>
  );
}

import { useState } from 'react';
import type { InstallInspection } from '../../../../main/ipc';
import { CopyButton } from '../../components/copy-button';
import { PathField } from '../../components/path-field';
import { ProblemCallout } from '../../components/problem-callout';
import { ProblemList } from '../../components/problem-list';
import { knownInstall } from '../../state/install-slice';
import { useServerStore } from '../../state/server-store';
import { useWizardStore } from '../../state/wizard-store';

/** The install folder: typed or chosen, then one line of what was read (details collapsed) in a slot that keeps its height. */
export function InstallSection() {
  const install = useWizardStore((state) => state.install);
  const readTypedFolder = useWizardStore((state) => state.readTypedFolder);
  const pickInstallFolder = useWizardStore((state) => state.pickInstallFolder);
  const [folder, setFolder] = useState(install.kind === 'none' ? '' : install.folder);
  // During a re-read of the same folder the previous reading stays on screen (no flicker).
  const known = knownInstall(install);
  // On a server the folder is typed in the server chooser (a path there, not on this computer).
  const onServer = useServerStore((state) => state.where === 'ssh');
  return (
    <>
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
            <button type="submit" className="button" disabled={!folder.trim() || install.kind === 'reading'}>
              Read install
            </button>
          </PathField>
        </form>
      )}
      <div className="install-slot" aria-live="polite">
        {install.kind === 'none' && <p className="muted">No install chosen yet.</p>}
        {install.kind === 'reading' && !known && (
          <p className="muted" role="status">
            Reading {install.folder}…
          </p>
        )}
        {install.kind === 'failed' && <ProblemCallout problem={install.error} title="This folder cannot be used." />}
        {known && <InstallSummary install={known.install} />}
      </div>
    </>
  );
}

function InstallSummary({ install }: { install: InstallInspection }) {
  const notes = install.problems.length;
  return (
    <div className="install-summary">
      <p className="row">
        <span aria-hidden="true">✓</span> Installation{' '}
        {install.installationId ? <code data-testid="installation-id">{install.installationId}</code> : <span className="muted">ID not set</span>}
        {install.installationId && <CopyButton text={install.installationId} label="installation ID" />}
        <span className="muted">{install.cloudRegion ?? 'US'} region</span>
      </p>
      <details className="more">
        <summary>Install details{notes > 0 ? ` (${notes} note${notes === 1 ? '' : 's'})` : ''}</summary>
        <dl className="facts">
          <dt>Installation key</dt>
          <dd>{install.installationKeyPresent ? 'present (not shown)' : 'missing'}</dd>
          <dt>Cloud region</dt>
          <dd>{install.cloudRegion ?? 'not set (Bitwarden assumes US)'}</dd>
          <dt>Vault URL</dt>
          <dd>{install.vaultUrl ?? <span className="muted">not set</span>}</dd>
          <dt>Cloud communication</dt>
          <dd data-testid="cloud-communication">{install.cloudCommunication ? 'enabled' : 'off'}</dd>
          <dt>Settings file</dt>
          <dd>
            <code>{install.envFilePath}</code>
          </dd>
        </dl>
        <ProblemList problems={install.problems} tone="warning" />
      </details>
    </div>
  );
}

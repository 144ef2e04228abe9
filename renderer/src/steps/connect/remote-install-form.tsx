import { useState } from 'react';
import { CopyButton } from '../../components/copy-button';
import { ProblemCallout } from '../../components/problem-callout';
import { useServerStore } from '../../state/server-store';

/** The install folder on the server (saved, else default /opt/bitwarden), with the usual places found there offered; sudo's password is asked in the dialog. */
export function RemoteInstallForm() {
  const locations = useServerStore((state) => state.installLocations);
  const phase = useServerStore((state) => state.phase);
  const error = useServerStore((state) => state.installError);
  const savedFolder = useServerStore((state) => state.savedInstallFolder);
  const chooseInstall = useServerStore((state) => state.chooseInstall);
  // The folder saved with this server, else the first usual place found there, else Bitwarden's default.
  const [folder, setFolder] = useState(savedFolder ?? locations[0] ?? '/opt/bitwarden');

  const submit = (chosen: string) => {
    setFolder(chosen);
    void chooseInstall(chosen);
  };

  return (
    <form
      className="folder-form"
      aria-label="Install folder on the server"
      onSubmit={(event) => {
        event.preventDefault();
        if (folder.trim()) submit(folder.trim());
      }}
    >
      <label htmlFor="remote-install-folder">Install folder on the server (holds bitwarden.sh and bwdata)</label>
      <div className="row">
        <input id="remote-install-folder" name="remote-install-folder" type="text" value={folder} spellCheck={false} autoComplete="off" list="remote-install-locations" onChange={(event) => setFolder(event.target.value)} />
        <datalist id="remote-install-locations">
          {locations.map((location) => (
            <option key={location} value={location} />
          ))}
        </datalist>
        <button type="submit" className="button button-primary" disabled={!folder.trim().startsWith('/') || phase === 'choosing-install'}>
          Read install on the server
        </button>
      </div>
      {locations.length > 0 && (
        <p className="install-locations">
          <span className="muted">Found on the server:</span>
          {locations.map((location) => (
            <button key={location} type="button" className="button button-small" onClick={() => submit(location)}>
              {location}
            </button>
          ))}
        </p>
      )}
      {error && (
        <ProblemCallout problem={error} title="This folder cannot be used on the server.">
          {typeof error.details?.sudoersLine === 'string' && (
            <p>
              Or allow it without a password: <code>{error.details.sudoersLine}</code> <CopyButton text={error.details.sudoersLine} label="sudoers line" />
            </p>
          )}
        </ProblemCallout>
      )}
    </form>
  );
}

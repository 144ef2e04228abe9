import { useEffect } from 'react';
import { useServerStore } from '../../state/server-store';
import { RemoteInstallForm } from './remote-install-form';
import { SavedServerList } from './saved-server-list';
import { SecretPromptDialog } from './secret-prompt-dialog';
import { ServerStatusLine } from './server-status-line';
import { SshServerForm } from './ssh-server-form';
import './server-chooser.css';

/** "Where is the Bitwarden server?": this computer, or another server over SSH (above the install and sign-in parts). */
export function ServerChooser() {
  const where = useServerStore((state) => state.where);
  const status = useServerStore((state) => state.status);
  const choose = useServerStore((state) => state.choose);
  const load = useServerStore((state) => state.load);
  const listen = useServerStore((state) => state.listen);

  useEffect(() => {
    void load();
  }, [load]);
  // Questions main asks while it connects (passphrase, password, sudo password) show as a dialog here.
  useEffect(() => listen(), [listen]);

  return (
    <section className="server-chooser" aria-labelledby="server-chooser-title">
      <fieldset>
        <legend id="server-chooser-title">Where is the Bitwarden server?</legend>
        <label className="server-choice">
          <input type="radio" name="server-where" value="this-computer" checked={where === 'this-computer'} onChange={() => void choose('this-computer')} />
          This computer
        </label>
        <label className="server-choice">
          <input type="radio" name="server-where" value="ssh" checked={where === 'ssh'} onChange={() => void choose('ssh')} />
          Another server over SSH
        </label>
      </fieldset>
      {where === 'ssh' && (
        <>
          <SavedServerList />
          <SshServerForm />
          <ServerStatusLine />
          {status.kind === 'ssh' && <RemoteInstallForm key={status.label} />}
        </>
      )}
      <SecretPromptDialog />
    </section>
  );
}

import { useState } from 'react';
import { ProblemCallout } from '../../components/problem-callout';
import { CopyButton } from '../../components/copy-button';
import { useServerStore, type ConnectForm } from '../../state/server-store';

const EMPTY: ConnectForm = { host: '', user: '', port: '', saveAs: '', password: '', keepInKeychain: false };

/**
 * Host, user and port (prefilled from a saved server or a ~/.ssh/config alias), then Connect. The host
 * key question is a native dialog in main; the passphrase or password is typed here only when the server
 * asked for one, and goes to main for this server only.
 */
export function SshServerForm() {
  const choices = useServerStore((state) => state.choices);
  const notes = useServerStore((state) => state.notes);
  const phase = useServerStore((state) => state.phase);
  const error = useServerStore((state) => state.error);
  const keepNote = useServerStore((state) => state.keepNote);
  const connect = useServerStore((state) => state.connect);
  const [form, setForm] = useState<ConnectForm>(EMPTY);
  const needsPassword = error?.code === 'ssh-auth-failed' || form.password !== '';
  const set = (change: Partial<ConnectForm>) => setForm((current) => ({ ...current, ...change }));

  const prefill = (value: string) => {
    const choice = choices.find((entry) => `${entry.source}:${entry.name}` === value);
    if (!choice) return setForm(EMPTY);
    setForm({
      ...EMPTY,
      host: choice.host,
      user: choice.user ?? '',
      port: choice.port ? String(choice.port) : '',
      ...(choice.source === 'saved' ? { serverName: choice.name } : {}),
    });
  };

  return (
    <form
      className="ssh-form"
      aria-label="SSH server"
      onSubmit={(event) => {
        event.preventDefault();
        if (form.host.trim()) void connect(form);
      }}
    >
      {choices.length > 0 && (
        <label className="ssh-form-wide">
          Saved servers and ~/.ssh/config hosts
          <select defaultValue="" onChange={(event) => prefill(event.target.value)}>
            <option value="">Type a new server…</option>
            {choices.map((choice) => (
              <option key={`${choice.source}:${choice.name}`} value={`${choice.source}:${choice.name}`}>
                {choice.name} {choice.source === 'saved' ? '(saved)' : '(~/.ssh/config)'}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Host (name, address or alias)
        <input name="ssh-host" type="text" value={form.host} required spellCheck={false} autoComplete="off" placeholder="vault.example.org" onChange={(event) => set({ host: event.target.value, serverName: undefined })} />
      </label>
      <label>
        User
        <input name="ssh-user" type="text" value={form.user} spellCheck={false} autoComplete="off" placeholder="from ~/.ssh/config" onChange={(event) => set({ user: event.target.value })} />
      </label>
      <label>
        Port
        <input name="ssh-port" type="text" value={form.port} inputMode="numeric" pattern="[0-9]*" placeholder="22" onChange={(event) => set({ port: event.target.value })} />
      </label>
      {!form.serverName && (
        <label>
          Remember as (optional)
          <input name="ssh-save-as" type="text" value={form.saveAs} spellCheck={false} autoComplete="off" placeholder="office-vault" onChange={(event) => set({ saveAs: event.target.value })} />
        </label>
      )}
      {needsPassword && (
        <>
          <label>
            Key passphrase or password
            <input name="ssh-password" type="password" value={form.password} autoComplete="off" onChange={(event) => set({ password: event.target.value })} />
          </label>
          <label className="row">
            <input type="checkbox" checked={form.keepInKeychain} onChange={(event) => set({ keepInKeychain: event.target.checked })} />
            Keep it in the OS keychain for this server
          </label>
        </>
      )}
      <div className="ssh-form-wide row">
        <button type="submit" className="button button-primary" disabled={!form.host.trim() || phase === 'connecting'}>
          {phase === 'connecting' ? 'Connecting…' : 'Connect to the server'}
        </button>
      </div>
      {notes.map((note) => (
        <p key={note} className="muted ssh-form-wide">
          {note}
        </p>
      ))}
      {keepNote && <p className="callout callout-warning ssh-form-wide">{keepNote}</p>}
      {error && (
        <div className="ssh-form-wide">
          <ProblemCallout problem={error} title={error.code === 'host-key-changed' ? 'Not connected: someone may be intercepting the connection.' : 'Not connected.'}>
            {typeof error.details?.sudoersLine === 'string' && (
              <p>
                <code>{error.details.sudoersLine}</code> <CopyButton text={error.details.sudoersLine} label="sudoers line" />
              </p>
            )}
          </ProblemCallout>
        </div>
      )}
    </form>
  );
}

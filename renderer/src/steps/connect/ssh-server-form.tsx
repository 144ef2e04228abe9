import { useState } from 'react';
import type { ServerChoice } from '../../../../main/ipc/contracts/server-contract';
import { ChosenFileField } from '../../components/chosen-file-field';
import { CopyButton } from '../../components/copy-button';
import { ProblemCallout } from '../../components/problem-callout';
import { useServerStore, type ConnectForm } from '../../state/server-store';

const EMPTY: ConnectForm = { host: '', user: '', port: '', proxyJump: '', identity: null, saveAs: '' };

/** What the form shows for a saved server or a ~/.ssh/config alias (the key file stays in main; only its name is shown). */
export function formFromChoice(choice: ServerChoice): ConnectForm {
  return {
    ...EMPTY,
    host: choice.host,
    user: choice.user ?? '',
    port: choice.port ? String(choice.port) : '',
    // An alias's ProxyJump is applied from ~/.ssh/config anyway; shown so the admin sees the route.
    proxyJump: choice.proxyJump ?? '',
    ...(choice.source === 'saved' ? { serverName: choice.name } : {}),
  };
}

/**
 * Host, user, port, ProxyJump hops and the key file (prefilled from a saved server or a ~/.ssh/config
 * alias), then Connect. The host key question is a native dialog in main; a passphrase or password is
 * asked in a dialog on this page while the connection waits.
 */
export function SshServerForm() {
  const choices = useServerStore((state) => state.choices);
  const notes = useServerStore((state) => state.notes);
  const phase = useServerStore((state) => state.phase);
  const error = useServerStore((state) => state.error);
  const keepNote = useServerStore((state) => state.keepNote);
  const connect = useServerStore((state) => state.connect);
  const [form, setForm] = useState<ConnectForm>(EMPTY);
  const [selected, setSelected] = useState('');
  const set = (change: Partial<ConnectForm>) => setForm((current) => ({ ...current, ...change }));
  const chosen = choices.find((entry) => `${entry.source}:${entry.name}` === selected && entry.host === form.host);
  const prefill = (value: string) => {
    setSelected(value);
    const choice = choices.find((entry) => `${entry.source}:${entry.name}` === value);
    setForm(choice ? formFromChoice(choice) : EMPTY);
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
          <select value={selected} onChange={(event) => prefill(event.target.value)}>
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
      <label>
        ProxyJump (optional)
        <input
          name="ssh-proxy-jump"
          type="text"
          value={form.proxyJump}
          spellCheck={false}
          autoComplete="off"
          placeholder="user@bastion:22,inner-host"
          aria-describedby="ssh-proxy-jump-help"
          onChange={(event) => set({ proxyJump: event.target.value })}
        />
      </label>
      <div className="ssh-form-wide">
        <label htmlFor="ssh-identity">Key file (optional; the SSH agent and ~/.ssh keys are tried too)</label>
        <ChosenFileField id="ssh-identity" file={form.identity} onChange={(identity) => set({ identity })} pick={pickIdentity} pickLabel="Choose key file…" />
        {!form.identity && chosen?.identityName && (
          <p className="muted">
            Uses {chosen.identityName} ({chosen.source === 'saved' ? 'saved with this server' : 'from ~/.ssh/config'}).
          </p>
        )}
      </div>
      {!form.serverName && (
        <label>
          Remember as (optional)
          <input name="ssh-save-as" type="text" value={form.saveAs} spellCheck={false} autoComplete="off" placeholder="office-vault" onChange={(event) => set({ saveAs: event.target.value })} />
        </label>
      )}
      <p id="ssh-proxy-jump-help" className="muted ssh-form-wide">
        ProxyJump: the hops to go through, as with ssh -J (user@host:port, separated by commas); empty uses ~/.ssh/config, none goes direct. A passphrase or password is asked when the server needs one.
      </p>
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
      {error && <ConnectError error={error} />}
    </form>
  );
}

async function pickIdentity() {
  const result = await window.sponsorship.server.pickIdentity();
  return result.ok ? result.value.file : null;
}

function ConnectError({ error }: { error: NonNullable<ReturnType<typeof useServerStore.getState>['error']> }) {
  return (
    <div className="ssh-form-wide">
      <ProblemCallout problem={error} title={error.code === 'host-key-changed' ? 'Not connected: someone may be intercepting the connection.' : 'Not connected.'}>
        {typeof error.details?.sudoersLine === 'string' && (
          <p>
            <code>{error.details.sudoersLine}</code> <CopyButton text={error.details.sudoersLine} label="sudoers line" />
          </p>
        )}
      </ProblemCallout>
    </div>
  );
}

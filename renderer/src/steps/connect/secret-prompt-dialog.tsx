import { useEffect, useRef, useState } from 'react';
import type { ServerSecretPrompt } from '../../../../main/ipc/contracts/server-contract';
import { useServerStore } from '../../state/server-store';

const TITLES: Record<ServerSecretPrompt['kind'], string> = {
  passphrase: 'Passphrase of the SSH key',
  password: 'SSH password',
  sudo: 'sudo password',
};

function question(prompt: ServerSecretPrompt): string {
  const again = prompt.retry ? ' That one was not accepted; try again.' : '';
  if (prompt.kind === 'passphrase') return `The server accepts ${prompt.subject}, which is locked with a passphrase.${again}`;
  if (prompt.kind === 'password') return `The server asks for the password of ${prompt.subject}.${again}`;
  return `sudo asks for the password of ${prompt.subject}. It is asked once and kept in memory for this connection.${again}`;
}

/**
 * The passphrase, password or sudo password main waits on while it connects: typed here, sent to main
 * for this server only, and never kept by the page. Enter answers, Escape or Cancel declines.
 */
export function SecretPromptDialog() {
  const prompt = useServerStore((state) => state.prompt);
  if (!prompt) return null;
  // A new question gets a fresh, empty form.
  return <SecretPromptForm key={prompt.promptId} prompt={prompt} />;
}

function SecretPromptForm({ prompt }: { prompt: ServerSecretPrompt }) {
  const answerPrompt = useServerStore((state) => state.answerPrompt);
  const [secret, setSecret] = useState('');
  const [keep, setKeep] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => field.current?.focus(), []);
  const titleId = `secret-prompt-title-${prompt.promptId}`;
  const cancel = () => void answerPrompt(null, false);

  return (
    <div className="secret-prompt-backdrop">
      <form
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        className="secret-prompt"
        onKeyDown={(event) => {
          if (event.key === 'Escape') cancel();
        }}
        onSubmit={(event) => {
          event.preventDefault();
          if (secret) void answerPrompt(secret, keep);
        }}
      >
        <h3 id={titleId}>{TITLES[prompt.kind]}</h3>
        <p>{question(prompt)}</p>
        <label>
          {TITLES[prompt.kind]}
          <input ref={field} name="ssh-secret" type="password" value={secret} autoComplete="off" onChange={(event) => setSecret(event.target.value)} />
        </label>
        {prompt.canKeep && (
          <label className="row">
            <input type="checkbox" checked={keep} onChange={(event) => setKeep(event.target.checked)} />
            Keep it in the OS keychain for this server
          </label>
        )}
        <div className="row">
          <button type="submit" className="button button-primary" disabled={!secret}>
            Continue
          </button>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}

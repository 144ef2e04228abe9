import { useState } from 'react';
import type { ServerChoice } from '../../../../main/ipc/contracts/server-contract';
import { useServerStore } from '../../state/server-store';
import { proxyJumpWords } from '../../../../main/core/ssh-target/jump-words';
import { formFromChoice } from './ssh-server-form';

/**
 * The saved servers, each with Connect (switches the app to it) and Remove (asks once on the page,
 * then forgets it and clears what the OS keychain kept for it).
 */
export function SavedServerList() {
  const choices = useServerStore((state) => state.choices);
  const status = useServerStore((state) => state.status);
  const phase = useServerStore((state) => state.phase);
  const connect = useServerStore((state) => state.connect);
  const remove = useServerStore((state) => state.remove);
  const [removing, setRemoving] = useState<string | null>(null);
  const saved = choices.filter((choice) => choice.source === 'saved');
  if (saved.length === 0) return null;
  const current = status.kind === 'ssh' ? status.serverName : null;

  return (
    <section aria-labelledby="saved-servers-title">
      <h3 id="saved-servers-title">Saved servers</h3>
      <ul className="saved-servers">
        {saved.map((server) => (
          <li key={server.name} data-testid={`saved-server-${server.name}`}>
            <strong>{server.name}</strong>
            <span className="muted">{describe(server)}</span>
            {server.name === current ? (
              <span className="muted">(connected)</span>
            ) : (
              <button type="button" className="button button-small" disabled={phase === 'connecting'} onClick={() => void connect(formFromChoice(server))} aria-label={`Connect to ${server.name}`}>
                Connect
              </button>
            )}
            {removing === server.name ? (
              <>
                <button type="button" className="button button-small" onClick={() => void remove(server.name).then(() => setRemoving(null))} aria-label={`Remove ${server.name} and its kept secrets`}>
                  Remove it and its kept secrets
                </button>
                <button type="button" className="button button-small" onClick={() => setRemoving(null)}>
                  Keep
                </button>
              </>
            ) : (
              <button type="button" className="button button-small" onClick={() => setRemoving(server.name)} aria-label={`Remove ${server.name}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function describe(server: ServerChoice): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const target = `${server.user ? `${server.user}@` : ''}${host}${server.port ? `:${server.port}` : ''}`;
  return [target, proxyJumpWords(server.proxyJump), server.installFolder ?? null, server.identityName ? `key ${server.identityName}` : null].filter(Boolean).join(' · ');
}

import { useServerStore } from '../../state/server-store';

/** "Connected as user@host, acting as bitwarden through sudo", with a way back to this computer. */
export function ServerStatusLine() {
  const status = useServerStore((state) => state.status);
  const choose = useServerStore((state) => state.choose);
  if (status.kind !== 'ssh') return null;
  return (
    <p className="server-status callout callout-ok row" role="status" data-testid="server-status">
      <span>
        Connected as <strong>{status.label}</strong>
        {status.actingAs ? (
          <>
            , acting as <strong>{status.actingAs}</strong> through sudo
          </>
        ) : null}
        {status.serverName ? ` (saved as ${status.serverName})` : ''}.
      </span>
      <button type="button" className="button button-small" onClick={() => void choose('this-computer')}>
        Disconnect
      </button>
    </p>
  );
}

import type { IpcError } from '../../../../main/ipc';
import { CopyButton } from '../../components/copy-button';

/** For permission-denied: the CLI command to run as root or the bwdata owner (the app cannot). */
export function CliCommand({ error }: { error: IpcError }) {
  const command = typeof error.details?.['command'] === 'string' ? error.details['command'] : null;
  if (error.code !== 'permission-denied' || !command) return null;
  return (
    <p className="row">
      <code data-testid="cli-command">{command}</code> <CopyButton text={command} label="command" />
    </p>
  );
}

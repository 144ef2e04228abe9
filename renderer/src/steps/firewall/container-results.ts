import type { ContainerCommandResult } from '../../../../main/core/connectivity';
import type { ContainerRunState } from '../../state/firewall-slice';

/**
 * The container results to show for the server connected now: those streamed so far, or the finished
 * run's. A run on another server (or before disconnecting) is not this server's: none.
 */
export function currentContainerResults(state: ContainerRunState, serverLabel: string | null): ContainerCommandResult[] {
  if (serverLabel === null) return [];
  if (state.kind === 'loading') return state.partial;
  if (state.kind === 'ready' && isSameServer(state.value.server, serverLabel)) return state.value.results;
  return [];
}

/** `user@host:port` or `user@host:port as owner` (acting as the install's owner). */
export function isSameServer(ranOn: string, serverLabel: string): boolean {
  return ranOn === serverLabel || ranOn.startsWith(`${serverLabel} as `);
}

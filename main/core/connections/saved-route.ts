import { CoreError } from '../shared';
import type { SettingsStore } from '../settings';
import type { ApiRouteKind } from '../vault-api/api-route';
import { SERVER_ROLE_TITLES, type ServerRole } from '../vault-api/endpoints';

/** The route saved with a connection (`direct` when none is saved), or null when there is no saved connection. */
export function savedRouteOf(server: { route?: ApiRouteKind } | undefined): ApiRouteKind | null {
  return server ? (server.route ?? 'direct') : null;
}

/**
 * Saves how API calls to `role` travel, on a saved connection only (`not-signed-in`, unusable input,
 * otherwise: a route is part of a sign-in). `direct` is saved as no route. Returns the route it replaced.
 * Nothing is contacted: the next call opens on the new route.
 */
export async function saveConnectionRoute(settings: SettingsStore, role: ServerRole, route: ApiRouteKind): Promise<{ previous: ApiRouteKind }> {
  let previous: ApiRouteKind = 'direct';
  await settings.update((current) => {
    const server = current.servers[role];
    if (!server) throw new CoreError('not-signed-in', `Sign in to the ${SERVER_ROLE_TITLES[role]} first: there is no saved connection to change. Nothing was changed.`, 'unusable-input');
    previous = server.route ?? 'direct';
    const { route: _previous, ...rest } = server;
    return { ...current, servers: { ...current.servers, [role]: route === 'direct' ? rest : { ...rest, route } } };
  });
  return { previous };
}

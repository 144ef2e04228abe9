import { saveConnectionRoute } from '../../core/connections/saved-route';
import { CoreError } from '../../core/shared';
import type { ApiRouteKind } from '../../core/vault-api/api-route';
import { SERVER_ROLE_TITLES } from '../../core/vault-api/endpoints';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { RouteSetCommand } from './route-command';

const ROUTE_WORDS: Record<ApiRouteKind, string> = {
  direct: 'direct',
  'system-proxy': 'through the system proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY)',
  server: 'through the server',
};

function unusable(code: string, message: string): CoreError {
  return new CoreError(code, message, 'unusable-input');
}

export const run: CommandAction<RouteSetCommand> = (options, context, [role, route]) =>
  withCliServices(context, async (services) => {
    if (options.server !== undefined && route !== 'server') throw unusable('invalid-arguments', `--server goes with the server route only, not "${route}". Nothing was changed.`);
    const settings = await services.settings();
    if (route === 'server') {
      // Only saved for a server the admin can name again on each later command; nothing is contacted here.
      if (options.server === undefined) {
        throw unusable('route-needs-server', `The server route needs a server to go through: add --server NAME (a server saved with \`servers add\`), or sign in again with login ${role} --route server --host [user@]host[:port]. Nothing was changed.`);
      }
      const saved = (await settings.load()).sshServers.map((server) => server.name);
      if (!saved.includes(options.server)) {
        throw unusable('server-unknown', `No saved server is called "${options.server}"${saved.length ? ` (saved: ${saved.join(', ')})` : '; save one with `servers add`'}. Nothing was changed.`);
      }
    }
    const { previous } = await saveConnectionRoute(settings, role, route);
    const title = SERVER_ROLE_TITLES[role];
    const change = previous === route ? `${title}: API calls already go ${ROUTE_WORDS[route]}.` : `${title}: API calls now go ${ROUTE_WORDS[route]} (was ${previous}).`;
    const hint = route === 'server' ? ` Give --server ${options.server} (or --host) to each command that calls the API.` : '';
    context.result({ ok: true, role, route, previous, ...(route === 'server' ? { server: options.server } : {}) }, change + hint);
    return 0 as const;
  });

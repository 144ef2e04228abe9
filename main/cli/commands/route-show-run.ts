import { savedRouteOf } from '../../core/connections/saved-route';
import { SERVER_ROLE_TITLES, type ServerRole } from '../../core/vault-api/endpoints';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { RouteShowCommand } from './route-command';

export const run: CommandAction<RouteShowCommand> = (_options, context, [role]) =>
  withCliServices(context, async (services) => {
    const { servers } = await (await services.settings()).load();
    const roles: ServerRole[] = role ? [role] : ['cloud', 'self'];
    const routes = Object.fromEntries(roles.map((each) => [each, savedRouteOf(servers[each])]));
    const text = roles.map((each) => `${SERVER_ROLE_TITLES[each]}: ${routes[each] ?? 'not signed in'}`).join('\n');
    context.result({ ok: true, routes }, text);
    return 0 as const;
  });

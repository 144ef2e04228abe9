import { Argument, Option, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { parseRoute } from '../route-options';

const SERVER_ROLES = ['cloud', 'self'] as const;

function showCommand(route: Command) {
  return route
    .command('show')
    .description('the route saved with each connection (nothing is contacted)')
    .addArgument(new Argument('[connection]', 'cloud or self (default: both)').choices(SERVER_ROLES))
    .addOption(jsonOption());
}
export type RouteShowCommand = ReturnType<typeof showCommand>;

function setCommand(route: Command) {
  return route
    .command('set')
    .description('change the route saved with a connection, without signing in again (nothing is contacted)')
    .addArgument(new Argument('<connection>', 'cloud or self').choices(SERVER_ROLES))
    .addArgument(new Argument('<route>', 'direct, system-proxy or server').argParser(parseRoute))
    .addOption(new Option('--server <name>', 'for the server route: the saved server (`servers add`) that API calls will go through'))
    .addOption(jsonOption())
    .addHelpText(
      'after',
      '\nThe server route needs a server to go through: --server NAME names a saved one here, and every later command that ' +
        'calls the API is given --server NAME (or --host). A command\'s own --route still wins for that run.',
    );
}
export type RouteSetCommand = ReturnType<typeof setCommand>;

/** `route show|set`: how API calls to the cloud and the self-hosted vault travel, saved per connection (also by `login --route`). */
export function registerRouteCommand(program: Command, hooks: ProgramHooks): void {
  const route = program.command('route').description('show or change how API calls travel per connection: direct, system-proxy or server');
  defineAction(showCommand(route), hooks, () => import('./route-show-run'));
  defineAction(setCommand(route), hooks, () => import('./route-set-run'));
}

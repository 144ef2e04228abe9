import { InvalidArgumentError, Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import type { Host } from '../core/host';
import { CoreError } from '../core/shared';
import { API_ROUTE_KINDS, isApiRouteKind, type ApiRouteKind } from '../core/vault-api/api-route';
import type { CliContext } from './cli-context';
import { addHostOptions, checkHostOptions, type HostOptions } from './host-options';

/** What a command's connections use: `--route` for this run (else each connection's saved route), and how to open the server for `server`. */
export interface ApiRouteChoice {
  route?: ApiRouteKind;
  /** Opens the server named by --host / --server (only when given); the CLI's services close it. */
  openServer?: () => Promise<Host & { close(): Promise<void> }>;
}

export interface RouteOptions extends HostOptions {
  route?: ApiRouteKind;
}

export function parseRoute(value: string): ApiRouteKind {
  const route = value.trim().toLowerCase();
  if (!isApiRouteKind(route)) throw new InvalidArgumentError(`choose ${API_ROUTE_KINDS.join(', ')}.`);
  return route;
}

const ROUTE_HELP =
  'how API calls of this command travel: direct, system-proxy (HTTPS_PROXY / HTTP_PROXY / NO_PROXY from the environment) ' +
  'or server (through the server given with --host or --server); default: the route saved with login, else direct';

/** Adds `--route` to a command that talks to Bitwarden (its option type is inferred with the rest). */
export function addRouteOption<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(command: Command<Args, Opts, Global>) {
  return command.addOption(new Option('--route <route>', ROUTE_HELP).argParser(parseRoute));
}

/**
 * `--route` for a command with no install options of its own (`login`, `whoami`, `billing-sync
 * token|save|verify`): it also gets `--host`, `--server` and the SSH flags, for the server route only.
 */
export function addRouteWithHostOptions<Args extends unknown[], Opts extends OptionValues, Global extends OptionValues>(command: Command<Args, Opts, Global>) {
  const withHost = addHostOptions(addRouteOption(command), 'route');
  HOST_ONLY_FOR_ROUTE.add(withHost);
  return withHost;
}

/** Commands whose --host / --server exist only for `--route server` (they read no install). */
const HOST_ONLY_FOR_ROUTE = new WeakSet<object>();

/**
 * The route choice of a command's options (called before its action runs). Usage errors (exit 2):
 * `--route server` without --host or --server (no server to go through), and --host / --server (or
 * an SSH flag without either) on a command that reads no install without `--route server`.
 */
export function apiRouteChoiceOf(options: RouteOptions, context: CliContext, command?: object): ApiRouteChoice {
  if (options.route === 'server' && !options.host && !options.server) {
    throw new CoreError('invalid-arguments', '--route server needs the server to go through: add --host [user@]host[:port] or --server NAME.', 'unusable-input');
  }
  if (command && HOST_ONLY_FOR_ROUTE.has(command)) {
    if ((options.host || options.server) && options.route !== 'server') {
      throw new CoreError('invalid-arguments', `${options.host ? '--host' : '--server'} goes with --route server on this command (it reads no install): API calls then go through that server.`, 'unusable-input');
    }
    // An SSH flag without a server would otherwise be ignored here: no command path reaches withCommandHost.
    checkHostOptions(options, 'optional');
  }
  if (!options.host && !options.server) return options.route ? { route: options.route } : {};
  return {
    ...(options.route ? { route: options.route } : {}),
    openServer: async () => (await import('./command-host')).openRouteServer(options, context),
  };
}

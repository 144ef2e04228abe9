import { InvalidArgumentError, Option, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addRouteWithHostOptions } from '../route-options';

const CREDENTIALS_HELP =
  '\nThe personal API key (web vault: Account settings → Security → Keys → View API key) is read from BW_CLIENTID and ' +
  'BW_CLIENTSECRET, like Bitwarden’s own CLI, or asked for on the terminal (the secret without echo). It is never ' +
  'accepted as an argument. The secret is kept in the OS keychain; without one, only the settings are saved and the ' +
  'secret must come from the environment next time.';

const ROUTE_HELP =
  '\n\n--route is saved with the connection and used by every later command (a command\'s own --route wins for that run). ' +
  'With --route server, API calls open from the server given with --host or --server (SSH direct-tcpip); TLS is still verified here.';

function parseRegion(value: string): 'us' | 'eu' {
  const region = value.trim().toLowerCase();
  if (region !== 'us' && region !== 'eu') throw new InvalidArgumentError('choose us or eu.');
  return region;
}

function loginCloudCommand(login: Command) {
  return addRouteWithHostOptions(
      login
      .command('cloud')
      .description('sign in to the Bitwarden cloud: --region us|eu, or --api-url and --identity-url for another cloud')
      .addOption(new Option('--region <region>', 'us (bitwarden.com) or eu (bitwarden.eu)').argParser(parseRegion).conflicts(['apiUrl', 'identityUrl']))
      .option('--api-url <url>', 'explicit API base URL (https), e.g. for the government cloud')
      .option('--identity-url <url>', 'explicit identity base URL (https)')
      .option('--ca <file>', 'extra trusted root certificate (PEM) for a private PKI; verification stays on')
      .addOption(jsonOption())
      .addHelpText('after', CREDENTIALS_HELP + ROUTE_HELP),
  );
}
export type LoginCloudCommand = ReturnType<typeof loginCloudCommand>;

function loginSelfCommand(login: Command) {
  return addRouteWithHostOptions(
      login
      .command('self')
      .description('sign in to the self-hosted vault (API at <vault>/api, identity at <vault>/identity)')
      .requiredOption('--vault <url>', 'the vault URL (https), as in globalSettings__baseServiceUri__vault')
      .option('--ca <file>', 'extra trusted root certificate (PEM) for a private PKI; verification stays on')
      .addOption(jsonOption())
      .addHelpText('after', CREDENTIALS_HELP + ROUTE_HELP),
  );
}
export type LoginSelfCommand = ReturnType<typeof loginSelfCommand>;

export function registerLoginCommand(program: Command, hooks: ProgramHooks): void {
  const login = program
    .command('login')
    .description('sign in to the Bitwarden cloud or the self-hosted vault with a personal API key')
    .addHelpText('after', CREDENTIALS_HELP);
  defineAction(loginCloudCommand(login), hooks, async () => ({ run: (await import('./login-run')).runLoginCloud }));
  defineAction(loginSelfCommand(login), hooks, async () => ({ run: (await import('./login-run')).runLoginSelf }));
}

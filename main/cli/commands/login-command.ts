import { InvalidArgumentError, Option, type Command } from 'commander';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addRouteOption } from '../route-options';

interface LoginCloudOptions {
  region?: 'us' | 'eu';
  apiUrl?: string;
  identityUrl?: string;
  ca?: string;
  json?: boolean;
}

interface LoginSelfOptions {
  vault: string;
  ca?: string;
  json?: boolean;
}

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

export function registerLoginCommand(program: Command, hooks: ProgramHooks): void {
  const login = program
    .command('login')
    .description('sign in to the Bitwarden cloud or the self-hosted vault with a personal API key')
    .addHelpText('after', CREDENTIALS_HELP);

  const cloud = login
    .command('cloud')
    .description('sign in to the Bitwarden cloud: --region us|eu, or --api-url and --identity-url for another cloud')
    .addOption(new Option('--region <region>', 'us (bitwarden.com) or eu (bitwarden.eu)').argParser(parseRegion).conflicts(['apiUrl', 'identityUrl']))
    .option('--api-url <url>', 'explicit API base URL (https), e.g. for the government cloud')
    .option('--identity-url <url>', 'explicit identity base URL (https)')
    .option('--ca <file>', 'extra trusted root certificate (PEM) for a private PKI; verification stays on')
    .addOption(jsonOption())
    .addHelpText('after', CREDENTIALS_HELP + ROUTE_HELP);
  addRouteOption(cloud, { withHostOptions: true });
  defineAction<LoginCloudOptions>(cloud, hooks, async (options, context) => {
    const { cloudEndpoints } = await import('../../core/vault-api');
    if (!options.region && !(options.apiUrl && options.identityUrl)) {
      throw new CoreError(
        'missing-endpoints',
        options.apiUrl || options.identityUrl
          ? 'Give both --api-url and --identity-url for explicit endpoints.'
          : 'Choose the cloud: --region us|eu, or --api-url URL --identity-url URL.',
        'unusable-input',
      );
    }
    const region = options.region ? (options.region === 'eu' ? 'EU' : 'US') : 'custom';
    const endpoints = region === 'custom' ? { apiUrl: options.apiUrl!, identityUrl: options.identityUrl! } : cloudEndpoints(region);
    return runLogin(context, 'cloud', { endpoints, region, caFile: options.ca });
  });

  const self = login
    .command('self')
    .description('sign in to the self-hosted vault (API at <vault>/api, identity at <vault>/identity)')
    .requiredOption('--vault <url>', 'the vault URL (https), as in globalSettings__baseServiceUri__vault')
    .option('--ca <file>', 'extra trusted root certificate (PEM) for a private PKI; verification stays on')
    .addOption(jsonOption())
    .addHelpText('after', CREDENTIALS_HELP + ROUTE_HELP);
  addRouteOption(self, { withHostOptions: true });
  defineAction<LoginSelfOptions>(self, hooks, async (options, context) => {
    const { selfHostedEndpoints } = await import('../../core/vault-api');
    const endpoints = selfHostedEndpoints(options.vault);
    // Kept as the admin will recognise it (no trailing slash), for display and the app's default.
    const vaultUrl = endpoints.apiUrl.replace(/\/api$/, '');
    return runLogin(context, 'self', { endpoints, vaultUrl, caFile: options.ca });
  });
}

async function runLogin(
  context: CliContext,
  role: 'cloud' | 'self',
  target: { endpoints: { apiUrl: string; identityUrl: string }; region?: 'US' | 'EU' | 'custom'; vaultUrl?: string; caFile?: string },
): Promise<0> {
  const [{ withCliServices }, { readApiKey }, { identityLines }, path] = await Promise.all([
    import('../cli-services'),
    import('./login-credentials'),
    import('./connection-text'),
    import('node:path'),
  ]);
  // Checked before anything is asked or sent, so a wrong --vault never costs a typed secret.
  const { normaliseEndpoints } = await import('../../core/vault-api');
  const endpoints = normaliseEndpoints(target.endpoints);
  const credentials = await readApiKey(context, role);
  return withCliServices(context, async (services) => {
    const [connections, secrets, settings] = await Promise.all([services.connections(), services.secrets(), services.settings()]);
    const identity = await connections.login(role, {
      endpoints,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      caFile: target.caFile ? path.resolve(target.caFile) : undefined,
      region: target.region,
      vaultUrl: target.vaultUrl,
    });
    const server = (await settings.load()).servers[role];
    const lines = ['Signed in.', ...identityLines({ ...identity, secretSource: secrets.persistent ? 'keychain' : 'memory' }, server)];
    if (!secrets.persistent) {
      const note = `No OS keychain: the ${role} connection's settings are saved in ${settings.filePath}, but the secret is not. Next time, set BW_CLIENTID and BW_CLIENTSECRET in the environment.`;
      context.log(`[login] ${note}`);
      lines.push(note);
    }
    context.result(
      {
        ok: true,
        role,
        endpoints: identity.endpoints,
        email: identity.email,
        clientId: identity.clientId,
        organizations: identity.organizations,
        ownerOrganizations: identity.ownerOrganizations,
        explanation: identity.explanation,
        route: identity.route,
        routeTaken: identity.routeTaken,
        secretStorage: secrets.persistent ? { persistent: true } : { persistent: false, reason: secrets.reason },
        settingsFile: settings.filePath,
      },
      lines.join('\n'),
    );
    return 0 as const;
  });
}

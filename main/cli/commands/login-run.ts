import path from 'node:path';
import { cloudEndpoints, normaliseEndpoints, selfHostedEndpoints } from '../../core/vault-api';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import { identityLines } from './connection-text';
import type { LoginCloudCommand, LoginSelfCommand } from './login-command';
import { readApiKey } from './login-credentials';

export const runLoginCloud: CommandAction<LoginCloudCommand> = async (options, context) => {
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
};

export const runLoginSelf: CommandAction<LoginSelfCommand> = async (options, context) => {
  const endpoints = selfHostedEndpoints(options.vault);
  // Kept as the admin will recognise it (no trailing slash), for display and the app's default.
  const vaultUrl = endpoints.apiUrl.replace(/\/api$/, '');
  return runLogin(context, 'self', { endpoints, vaultUrl, caFile: options.ca });
};

async function runLogin(
  context: CliContext,
  role: 'cloud' | 'self',
  target: { endpoints: { apiUrl: string; identityUrl: string }; region?: 'US' | 'EU' | 'custom'; vaultUrl?: string; caFile?: string },
): Promise<0> {
  // Checked before anything is asked or sent, so a wrong --vault never costs a typed secret.
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

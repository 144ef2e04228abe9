import type { Command } from 'commander';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addRouteOption } from '../route-options';

interface WhoamiOptions {
  json?: boolean;
}

export function registerWhoamiCommand(program: Command, hooks: ProgramHooks): void {
  const command = program
    .command('whoami')
    .description('for each connection: endpoints, account, organizations with roles (and why none qualifies), where the secret is kept')
    .addOption(jsonOption())
    .addHelpText('after', '\nExit code 1 when a saved connection cannot sign in (e.g. no keychain and no BW_CLIENTID / BW_CLIENTSECRET).');
  addRouteOption(command, { withHostOptions: true });
  defineAction<WhoamiOptions>(command, hooks, async (_options, context) => {
    const [{ withCliServices }, { whoamiText }] = await Promise.all([import('../cli-services'), import('./connection-text')]);
    return withCliServices(context, async (services) => {
      const [connections, secrets, settings] = await Promise.all([services.connections(), services.secrets(), services.settings()]);
      const whoami = await connections.whoami();
      const { servers } = await settings.load();
      const secretStorage = secrets.persistent ? { persistent: true } : { persistent: false, reason: secrets.reason };
      const connectionsDocument = Object.fromEntries(
        (['cloud', 'self'] as const).map((role) => {
          const entry = whoami[role];
          const server = servers[role];
          if (!entry) return [role, null];
          // A connection that cannot sign in still says where it points and who it was (from the settings).
          const saved = 'error' in entry && server ? { endpoints: { apiUrl: server.apiUrl, identityUrl: server.identityUrl }, email: server.email ?? null } : {};
          return [
            role,
            {
              ...saved,
              ...entry,
              region: server?.region,
              vaultUrl: server?.vaultUrl,
              caFile: server?.caFile,
              organizationId: server?.organizationId ?? null,
              route: 'route' in entry && entry.route ? entry.route : (server?.route ?? 'direct'),
            },
          ];
        }),
      );
      const failed = Object.values(whoami).some((entry) => entry && 'error' in entry);
      context.result({ ok: !failed, secretStorage, connections: connectionsDocument }, whoamiText(whoami, servers, secretStorage));
      return failed ? 1 : 0;
    });
  });
}

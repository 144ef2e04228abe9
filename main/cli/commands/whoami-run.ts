import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import { whoamiText } from './connection-text';
import type { WhoamiCommand } from './whoami-command';

export const run: CommandAction<WhoamiCommand> = (_options, context) =>
  withCliServices(context, async (services) => {
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

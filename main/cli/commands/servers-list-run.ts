import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { CommandAction } from '../program';
import type { ServersListCommand } from './servers-command';
import { describeServer } from './servers-text';

export const run: CommandAction<ServersListCommand> = (_options, context) => listServers(context);

async function listServers(context: CliContext): Promise<0> {
  return withCliServices(context, async (services) => {
    const servers = (await (await services.settings()).load()).sshServers;
    const text = servers.length === 0 ? 'No saved servers. Add one: sponsorship-setup servers add NAME --host [user@]host[:port] --bwdata /opt/bitwarden' : servers.map((s) => `${s.name}\t${describeServer(s)}`).join('\n');
    context.result({ ok: true, servers }, text);
    return 0 as const;
  });
}

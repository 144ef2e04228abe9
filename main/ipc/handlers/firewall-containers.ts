import { containerTestCommands, runContainerTestCommands, type ContainerTestCommands } from '../../core/connectivity';
import { CoreError } from '../../core/shared';
import { EVENTS } from '../channels';
import type { FirewallContainerRun } from '../contracts/firewall-contract';
import type { HandlerContext } from '../handler-table';
import type { AppServices } from '../services';
import type { Trust } from '../trust';

/**
 * "Also test from the containers": runs the container test commands with `docker exec` on the connected
 * server, as the install's owner when the app acts as that user (the one who runs bitwarden.sh, so the
 * one Docker lets in). Main builds the commands; nothing runs until the admin said yes in a native dialog.
 */
export async function runInContainers(
  request: { operationId: string; region: 'us' | 'eu' },
  context: HandlerContext,
  services: AppServices,
  trust: Trust,
): Promise<FirewallContainerRun> {
  const server = trust.hosts.current();
  if (!server) {
    throw new CoreError(
      'not-on-server',
      'The container test commands run on the Bitwarden server: connect to it over SSH first (on this computer, copy the commands into a terminal).',
      'unusable-input',
    );
  }
  const label = server.actingAs ? `${server.label} as ${server.actingAs}` : server.label;
  const commands = containerTestCommands(request.region);
  // Tracked before the question, so a Stop while it is open is not lost; forgotten when done.
  const signal = context.trackOperation(request.operationId);
  try {
    const confirmed = await services.dialogs.confirm(confirmationText(commands, label));
    if (!confirmed || signal.aborted) {
      services.log(`[firewall] the admin did not allow the container test commands on ${label}`);
      return { operationId: request.operationId, confirmed: false, server: label, results: [] };
    }
    services.log(`[firewall] running the container test commands on ${label} (docker exec bitwarden-api / bitwarden-admin)`);
    const results = await runContainerTestCommands(server.host, commands, {
      confirmed: true, // asked just above, in main's own dialog
      signal,
      onResult: (result) => {
        services.log(`[firewall] ${result.container} ${result.status} ${result.title}: ${result.finding}`);
        context.emit(EVENTS.firewallContainerResult, { operationId: request.operationId, result });
      },
    });
    return { operationId: request.operationId, confirmed: true, server: label, results };
  } finally {
    context.cancelOperation(request.operationId);
  }
}

function confirmationText(commands: ContainerTestCommands, label: string) {
  const inContainers = commands.commands.filter((c) => c.where !== 'host');
  return {
    title: 'Run the test commands inside the Bitwarden containers?',
    message: `Run ${inContainers.length} test commands with docker exec in bitwarden-api and bitwarden-admin on ${label}?`,
    detail: [
      'They run as root inside the containers. They read the proxy variables, look up the cloud names and send HTTPS GET /alive requests; they change nothing and send no key, token or password.',
      '',
      ...inContainers.map((c) => c.command),
    ].join('\n'),
    confirmLabel: 'Run them on the server',
  };
}

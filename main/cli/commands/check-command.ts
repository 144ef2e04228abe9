import { Option, type Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';
import { addHostOptions } from '../host-options';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function checkCommand(program: Command) {
  return addHostOptions(
    program
      .command('check')
      .description(
        'check that this machine reaches the Bitwarden cloud over HTTPS, stage by stage (proxy, DNS, TCP, proxy tunnel, TLS, HTTP, clock), ' +
          'and say what to ask the network team for',
      )
      .option('--bwdata <dir>', 'the Bitwarden install folder: its cloud region picks the hosts to check')
      .addOption(new Option('--region <region>', 'cloud region when no install is given (default: us)').choices(['us', 'eu'] as const))
      .option('--url <url>', 'check this exact https:// URL instead of the default hosts (repeatable; any 2xx passes)', collect)
      .option('--resolve <host:address>', 'use this address for a host name, like curl --resolve (repeatable; IPv6 in brackets)', collect)
      .option('--ca <file>', 'also trust this root certificate (PEM) for this run')
      .option('--proxy <url>', 'probe through this HTTP proxy (http://[user:password@]host:port)')
      .option('--no-proxy', 'probe directly, ignoring HTTPS_PROXY')
      .option('--timeout-ms <n>', 'budget of every stage in milliseconds (defaults: DNS 5000, TCP 5000 per address, TLS 5000, HTTP 10000)')
      .option('--write-proxy-env', 'instead of checking: give --proxy to the containers (HTTPS_PROXY, HTTP_PROXY, NO_PROXY in global.override.env; needs --bwdata)')
      .option('--dry-run', 'with --write-proxy-env: print the diff and write nothing')
      .option(
        '--in-containers',
        'also run the container test commands inside bitwarden-api and bitwarden-admin (docker exec, on the Bitwarden host) and show their results; giving this flag is your confirmation',
      )
      .addOption(jsonOption())
      .addHelpText(
        'after',
        '\nNothing but HTTPS GET requests to the listed hosts is sent: no keys, tokens or passwords.' +
          '\nExit codes: 0 every required host is reachable; 1 a problem was found; 2 bad arguments (nothing contacted).',
      ),
  );
}
export type CheckCommand = ReturnType<typeof checkCommand>;

export function registerCheckCommand(program: Command, hooks: ProgramHooks): void {
  const command = checkCommand(program);
  // Commander maps --proxy and --no-proxy onto one value (last one wins); remember which were typed so
  // giving both is a usage error instead of a silent choice.
  const proxyFlags = new Set<string>();
  command.on('option:proxy', () => proxyFlags.add('--proxy'));
  command.on('option:no-proxy', () => proxyFlags.add('--no-proxy'));
  defineAction(command, hooks, async () => {
    const { runCheckCommand } = await import('./check-run');
    return { run: (options, context) => runCheckCommand(options, context, { bothProxyFlags: proxyFlags.size > 1 }) };
  });
}

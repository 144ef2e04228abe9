import type { Command } from '@commander-js/extra-typings';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

function addCommand(servers: Command) {
  return servers
    .command('add')
    .description('save a server: where it is, the key to log in with and its install folder (nothing is contacted)')
    .argument('<name>', 'a short name: letters, digits, dot, dash, underscore')
    .requiredOption('--host <target>', '[user@]host[:port] or a Host alias from ~/.ssh/config')
    .option('--identity <file>', 'private key file to log in with')
    .option('--proxy-jump <hops>', 'reach it through these SSH hops, as ssh -J: [user@]host[:port] (or aliases), comma-separated, first hop first; none = direct despite ~/.ssh/config')
    .option('--bwdata <dir>', 'the install folder on the server (absolute, e.g. /opt/bitwarden)')
    .addOption(jsonOption());
}
export type ServersAddCommand = ReturnType<typeof addCommand>;

function listCommand(servers: Command) {
  return servers.command('list').description('the saved servers').addOption(jsonOption());
}
export type ServersListCommand = ReturnType<typeof listCommand>;

function removeCommand(servers: Command) {
  return servers
    .command('remove')
    .description("forget a saved server and clear its passphrase, password and sudo password from the OS keychain")
    .argument('<name>', 'the saved name')
    .addOption(jsonOption());
}
export type ServersRemoveCommand = ReturnType<typeof removeCommand>;

/** `servers add|list|remove`: Bitwarden servers reached over SSH, remembered in the settings by name (never their secrets). */
export function registerServersCommand(program: Command, hooks: ProgramHooks): void {
  const servers = program.command('servers').description('remember Bitwarden servers reached over SSH, to use with --server NAME');
  defineAction(addCommand(servers), hooks, () => import('./servers-add-run'));
  defineAction(listCommand(servers), hooks, () => import('./servers-list-run'));
  defineAction(removeCommand(servers), hooks, () => import('./servers-remove-run'));
}

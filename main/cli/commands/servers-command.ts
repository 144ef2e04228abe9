import type { Command } from 'commander';
import type { SshServerSettings } from '../../core/settings';
import { CoreError } from '../../core/shared';
import type { CliContext } from '../cli-context';
import { defineAction, jsonOption, type ProgramHooks } from '../program';

interface AddOptions {
  host: string;
  identity?: string;
  bwdata?: string;
  json?: boolean;
}

function unusable(code: string, message: string): CoreError {
  return new CoreError(code, message, 'unusable-input');
}

/** `servers add|list|remove`: Bitwarden servers reached over SSH, remembered in the settings by name (never their secrets). */
export function registerServersCommand(program: Command, hooks: ProgramHooks): void {
  const servers = program.command('servers').description('remember Bitwarden servers reached over SSH, to use with --server NAME');

  const add = servers
    .command('add')
    .description('save a server: where it is, the key to log in with and its install folder (nothing is contacted)')
    .argument('<name>', 'a short name: letters, digits, dot, dash, underscore')
    .requiredOption('--host <target>', '[user@]host[:port] or a Host alias from ~/.ssh/config')
    .option('--identity <file>', 'private key file to log in with')
    .option('--bwdata <dir>', 'the install folder on the server (absolute, e.g. /opt/bitwarden)')
    .addOption(jsonOption());
  defineAction<AddOptions>(add, hooks, (options, context, args) => addServer(args[0]!, options, context));

  const list = servers.command('list').description('the saved servers').addOption(jsonOption());
  defineAction<{ json?: boolean }>(list, hooks, (_options, context) => listServers(context));

  const remove = servers
    .command('remove')
    .description("forget a saved server and clear its passphrase, password and sudo password from the OS keychain")
    .argument('<name>', 'the saved name')
    .addOption(jsonOption());
  defineAction<{ json?: boolean }>(remove, hooks, (_options, context, args) => removeServer(args[0]!, context));
}

async function addServer(name: string, options: AddOptions, context: CliContext): Promise<0> {
  const [{ SSH_SERVER_NAME_PATTERN }, { parseTargetText }, { withCliServices }, path] = await Promise.all([
    import('../../core/settings'),
    import('../../core/ssh-target'),
    import('../cli-services'),
    import('node:path'),
  ]);
  if (!SSH_SERVER_NAME_PATTERN.test(name)) throw unusable('invalid-server-name', `"${name}" cannot name a server: use letters, digits, dot, dash and underscore (up to 64), starting with a letter or digit.`);
  const target = await sshInput(() => parseTargetText(options.host));
  if (options.bwdata !== undefined && !path.posix.isAbsolute(options.bwdata)) throw unusable('invalid-arguments', `--bwdata is the install folder on the server, an absolute path (such as /opt/bitwarden), not "${options.bwdata}".`);
  let identityFile: string | undefined;
  if (options.identity) {
    identityFile = path.resolve(options.identity);
    const { checkNamedIdentity } = await import('../../core/ssh-target/identity-files');
    await sshInput(() => checkNamedIdentity(identityFile!));
  }
  const entry: SshServerSettings = {
    name,
    host: target.host,
    user: target.user,
    port: target.port,
    identityFile,
    installFolder: options.bwdata,
  };
  return withCliServices(context, async (services) => {
    const settings = await services.settings();
    if ((await settings.load()).sshServers.some((server) => server.name === name)) {
      throw unusable('server-exists', `A server called "${name}" is already saved. Remove it first: sponsorship-setup servers remove ${name}`);
    }
    await settings.update((current) => ({ ...current, sshServers: [...current.sshServers, entry] }));
    context.result({ ok: true, server: entry }, `Saved ${name} (${describeServer(entry)}). Use it with --server ${name}.`);
    return 0 as const;
  });
}

async function listServers(context: CliContext): Promise<0> {
  const { withCliServices } = await import('../cli-services');
  return withCliServices(context, async (services) => {
    const servers = (await (await services.settings()).load()).sshServers;
    const text = servers.length === 0 ? 'No saved servers. Add one: sponsorship-setup servers add NAME --host [user@]host[:port] --bwdata /opt/bitwarden' : servers.map((s) => `${s.name}\t${describeServer(s)}`).join('\n');
    context.result({ ok: true, servers }, text);
    return 0 as const;
  });
}

async function removeServer(name: string, context: CliContext): Promise<0> {
  const [{ withCliServices }, { sshSecretPrefix }] = await Promise.all([import('../cli-services'), import('../../core/ssh-target')]);
  return withCliServices(context, async (services) => {
    const settings = await services.settings();
    const before = (await settings.load()).sshServers;
    if (!before.some((server) => server.name === name)) {
      throw unusable('server-unknown', `No saved server is called "${name}"${before.length ? ` (saved: ${before.map((s) => s.name).join(', ')})` : ''}; nothing was changed.`);
    }
    await settings.update((current) => ({ ...current, sshServers: current.sshServers.filter((server) => server.name !== name) }));
    const { store } = await services.secrets();
    const prefix = sshSecretPrefix(name);
    let cleared = 0;
    for (const account of await store.list()) {
      if (account.startsWith(prefix) && (await store.delete(account))) cleared += 1;
    }
    context.result({ ok: true, removed: name, keychainEntriesCleared: cleared }, `Removed ${name}${cleared ? ` and cleared ${cleared} keychain entr${cleared === 1 ? 'y' : 'ies'}` : ''}.`);
    return 0 as const;
  });
}

function describeServer(server: SshServerSettings): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const target = `${server.user ? `${server.user}@` : ''}${host}${server.port ? `:${server.port}` : ''}`;
  return [target, server.installFolder ? `install ${server.installFolder}` : 'no install folder saved', server.identityFile ? `key ${server.identityFile}` : null].filter(Boolean).join(', ');
}

/** Runs a check of SSH input; its SshError (bad-host, identity-unreadable, unsupported-ssh-config) is unusable input. */
async function sshInput<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    const { isSshError } = await import('../../core/host/ssh/ssh-types');
    if (isSshError(error)) throw new CoreError(error.code, error.message, 'unusable-input', { ...error.details });
    throw error;
  }
}

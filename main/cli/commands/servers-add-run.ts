import path from 'node:path';
import { isSshError } from '../../core/host/ssh/ssh-types';
import { SSH_SERVER_NAME_PATTERN, type SshServerSettings } from '../../core/settings';
import { CoreError } from '../../core/shared';
import { parseJumpList, parseTargetText } from '../../core/ssh-target';
import { checkNamedIdentity } from '../../core/ssh-target/identity-files';
import type { CliContext } from '../cli-context';
import { withCliServices } from '../cli-services';
import type { CommandAction, OptionsOf } from '../program';
import type { ServersAddCommand } from './servers-command';
import { describeServer } from './servers-text';

export const run: CommandAction<ServersAddCommand> = (options, context, [name]) => addServer(name, options, context);

function unusable(code: string, message: string): CoreError {
  return new CoreError(code, message, 'unusable-input');
}

async function addServer(name: string, options: OptionsOf<ServersAddCommand>, context: CliContext): Promise<0> {
  if (!SSH_SERVER_NAME_PATTERN.test(name)) throw unusable('invalid-server-name', `"${name}" cannot name a server: use letters, digits, dot, dash and underscore (up to 64), starting with a letter or digit.`);
  const target = await sshInput(() => parseTargetText(options.host));
  const proxyJump = options.proxyJump === undefined ? undefined : normalizedJumps(options.proxyJump);
  if (options.bwdata !== undefined && !path.posix.isAbsolute(options.bwdata)) throw unusable('invalid-arguments', `--bwdata is the install folder on the server, an absolute path (such as /opt/bitwarden), not "${options.bwdata}".`);
  let identityFile: string | undefined;
  if (options.identity) {
    identityFile = path.resolve(options.identity);
    await sshInput(() => checkNamedIdentity(identityFile!));
  }
  const entry: SshServerSettings = {
    name,
    host: target.host,
    user: target.user,
    port: target.port,
    identityFile,
    installFolder: options.bwdata,
    proxyJump,
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

/** `--proxy-jump` checked hop by hop with the parser the connection uses, saved as typed without spaces. */
function normalizedJumps(text: string): string {
  try {
    parseJumpList(text);
  } catch (error) {
    if (isSshError(error)) throw unusable(error.code, `--proxy-jump: ${error.message} Nothing was saved.`);
    throw error;
  }
  const trimmed = text.trim();
  if (trimmed.length > 1024) throw unusable('bad-host', '--proxy-jump is longer than 1024 characters. Nothing was saved.');
  return trimmed.toLowerCase() === 'none' ? 'none' : trimmed.split(',').map((hop) => hop.trim()).join(',');
}

/** Runs a check of SSH input; its SshError (bad-host, identity-unreadable, unsupported-ssh-config) is unusable input. */
async function sshInput<T>(check: () => T | Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (isSshError(error)) throw new CoreError(error.code, error.message, 'unusable-input', { ...error.details });
    throw error;
  }
}

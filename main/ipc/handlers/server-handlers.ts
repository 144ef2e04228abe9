import os from 'node:os';
import { CoreError } from '../../core/shared';
import type { SshServerSettings } from '../../core/settings';
import { forgetSshServer } from '../../core/ssh-target';
import { EVENTS, INVOKE } from '../channels';
import type { ServerStatus } from '../contracts/server-contract';
import type { HandlerContext, HandlerTable } from '../handler-table';
import { findInstallLocations, hostForInstall } from '../host-session/install-owner';
import { openServer, sshFailure } from '../host-session/open-server';
import { rememberInstallFolder, saveServer, targetText } from '../host-session/saved-servers';
import { serverChoices } from '../host-session/ssh-config-choices';
import type { AppServices } from '../services';
import { createTrust, type Trust } from '../trust';

type ServerChannels =
  | typeof INVOKE.serverList
  | typeof INVOKE.serverConnect
  | typeof INVOKE.serverPickIdentity
  | typeof INVOKE.serverAnswerPrompt
  | typeof INVOKE.serverRemove
  | typeof INVOKE.serverUseInstall
  | typeof INVOKE.serverStatus
  | typeof INVOKE.serverUseThisComputer;

/**
 * Where the Bitwarden server is: this computer, or a server over SSH. The connection lives in main
 * (the trust's host session); the page only ever gets its status and install handles.
 */
export function serverHandlers(services: AppServices, trust: Trust = createTrust()): Pick<HandlerTable, ServerChannels> {
  const environment = () => services.sshEnvironment ?? { home: os.homedir(), env: process.env };
  const status = (): ServerStatus => {
    const remote = trust.hosts.current();
    if (!remote) return { kind: 'this-computer' };
    return { kind: 'ssh', label: remote.label, serverName: remote.serverName, actingAs: remote.actingAs, hostKeyConfirmed: remote.hostKeyConfirmed };
  };
  return {
    [INVOKE.serverList]: async () => {
      const settings = await services.settings.load();
      return { ...(await serverChoices(settings.sshServers, environment().home)), status: status() };
    },
    [INVOKE.serverConnect]: async (request, context) => {
      const saved = request.serverName ? (await services.settings.load()).sshServers.find((server) => server.name === request.serverName) : undefined;
      if (request.serverName && !saved) throw new CoreError('server-unknown', `No saved server is called "${request.serverName}".`, 'unusable-input');
      const host = saved?.host ?? request.host;
      const user = request.user ?? saved?.user;
      const port = request.port ?? saved?.port;
      const identityFile = request.identityFileId ? trust.handles.filePath(request.identityFileId, 'ssh-identity') : saved?.identityFile;
      const proxyJump = request.proxyJump ?? saved?.proxyJump;
      await refuseTakenName(services, request.saveAs, saved, { host, user, port });
      const { env, home } = environment();
      const opened = await openServer(services, {
        target: targetText(host, user, port),
        identityFile,
        proxyJump,
        // Secrets kept on this first connect belong to the name it is saved under (Remove clears them).
        serverName: saved?.name ?? request.saveAs,
        ask: askOnPage(trust, context),
        home,
        env,
      });
      const previous = trust.hosts.current();
      const key = `ssh:${opened.label}`;
      const serverName = saved?.name ?? request.saveAs ?? null;
      await trust.hosts.switchTo({
        key,
        label: opened.label,
        ssh: opened.ssh,
        host: opened.ssh,
        actingAs: null,
        serverName,
        // A yes earlier in this session to the same server still counts after a reconnect.
        hostKeyConfirmed: opened.hostKeyConfirmed || (previous?.key === key && previous.hostKeyConfirmed) || trust.hosts.wasConfirmed(key),
        prompts: opened.prompts,
      });
      // What worked is what the saved server remembers (never a secret).
      if (serverName) await saveServer(services, { name: serverName, host, user, port, identityFile, proxyJump });
      services.log(`[ssh] connected to ${opened.label}`);
      const installLocations = await findInstallLocations(opened.ssh).catch(() => []);
      return { status: status(), installLocations, keepNote: opened.keepNote };
    },
    [INVOKE.serverPickIdentity]: async () => {
      const file = await services.dialogs.pickFile({ title: 'Choose the private key to log in with (e.g. ~/.ssh/id_ed25519)' });
      return { file: file ? trust.handles.issueFile(file, 'ssh-identity', 'dialog') : null };
    },
    [INVOKE.serverAnswerPrompt]: async ({ promptId, secret, keepInKeychain }) => {
      trust.hosts.secretPrompts.answer(promptId, secret === null ? null : { secret, keep: keepInKeychain });
      return { answered: true as const };
    },
    [INVOKE.serverRemove]: async ({ name }) => {
      const forgotten = await forgetSshServer(services.settings, services.secrets.store, name);
      if (!forgotten.removed) throw new CoreError('server-unknown', `No saved server is called "${name}"; nothing was changed.`, 'unusable-input');
      services.log(`[ssh] forgot the saved server ${name}${forgotten.keychainEntriesCleared ? ` and ${forgotten.keychainEntriesCleared} keychain entr${forgotten.keychainEntriesCleared === 1 ? 'y' : 'ies'}` : ''}`);
      const { choices } = await serverChoices((await services.settings.load()).sshServers, environment().home);
      return { removed: name, keychainEntriesCleared: forgotten.keychainEntriesCleared, choices };
    },
    [INVOKE.serverUseInstall]: async ({ folder }, context) => {
      const remote = trust.hosts.current();
      if (!remote) throw new CoreError('not-connected', 'Connect to the server first (or choose "This computer").', 'unusable-input');
      // A sudo password, when sudo wants one, is asked on the page that chose the folder.
      askOnPage(trust, context);
      try {
        const chosen = await hostForInstall(remote.ssh, folder, services.log);
        trust.hosts.useInstallHost(chosen.host, chosen.actingAs);
      } catch (error) {
        throw sshFailure(error);
      }
      await remote.prompts.keepTyped();
      if (remote.serverName) await rememberInstallFolder(services, remote.serverName, folder);
      // The host-key yes in this session is the admin's confirmation of the server; otherwise the first
      // write or run asks in a native dialog.
      const install = trust.handles.issueInstall(folder, remote.hostKeyConfirmed);
      return { install, status: status() };
    },
    [INVOKE.serverStatus]: async () => status(),
    [INVOKE.serverUseThisComputer]: async () => {
      await trust.hosts.switchTo(null);
      services.log('[ssh] disconnected: working on this computer');
      return status();
    },
  };
}

/** Questions for this connection go to the page that made the call, as `serverSecretPrompt` events. */
function askOnPage(trust: Trust, context: HandlerContext) {
  trust.hosts.secretPrompts.useEmitter((prompt) => context.emit(EVENTS.serverSecretPrompt, prompt));
  return (question: Parameters<Trust['hosts']['secretPrompts']['ask']>[0]) => trust.hosts.secretPrompts.ask(question);
}

/**
 * Saving under a name another server already has would point that name (and its keychain entries, such
 * as a kept sudo password) at a different host: refused, as the CLI's `servers add` refuses it. The
 * same server saved again under its own name is fine.
 */
async function refuseTakenName(services: AppServices, saveAs: string | undefined, saved: SshServerSettings | undefined, wanted: { host: string; user?: string; port?: number }): Promise<void> {
  if (!saveAs || saved) return;
  const taken = (await services.settings.load()).sshServers.find((server) => server.name === saveAs);
  if (!taken || (taken.host === wanted.host && taken.user === wanted.user && taken.port === wanted.port)) return;
  throw new CoreError('server-exists', `A saved server is already called "${saveAs}" (${targetText(taken.host, taken.user, taken.port)}). Choose another name, or remove that one first.`, 'unusable-input');
}

import os from 'node:os';
import { CoreError } from '../../core/shared';
import { INVOKE } from '../channels';
import type { ServerStatus } from '../contracts/server-contract';
import type { HandlerTable } from '../handler-table';
import { findInstallLocations, hostForInstall } from '../host-session/install-owner';
import { openServer, sshFailure } from '../host-session/open-server';
import { serverChoices } from '../host-session/ssh-config-choices';
import type { AppServices } from '../services';
import { createTrust, type Trust } from '../trust';

type ServerChannels = typeof INVOKE.serverList | typeof INVOKE.serverConnect | typeof INVOKE.serverUseInstall | typeof INVOKE.serverStatus | typeof INVOKE.serverUseThisComputer;

/** The saved entry or typed fields as `[user@]host[:port]` (IPv6 in brackets). */
function targetText(host: string, user: string | undefined, port: number | undefined): string {
  const bracketed = host.includes(':') ? `[${host}]` : host;
  return `${user ? `${user}@` : ''}${bracketed}${port ? `:${port}` : host.includes(':') ? ':22' : ''}`;
}

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
    [INVOKE.serverConnect]: async (request) => {
      const saved = request.serverName ? (await services.settings.load()).sshServers.find((server) => server.name === request.serverName) : undefined;
      if (request.serverName && !saved) throw new CoreError('server-unknown', `No saved server is called "${request.serverName}".`, 'unusable-input');
      const host = saved?.host ?? request.host;
      const user = request.user ?? saved?.user;
      const port = request.port ?? saved?.port;
      const { env, home } = environment();
      const opened = await openServer(services, {
        target: targetText(host, user, port),
        ...(saved?.identityFile ? { identityFile: saved.identityFile } : {}),
        ...(saved ? { serverName: saved.name } : {}),
        given: request.password ? { password: request.password } : {},
        keepInKeychain: request.keepInKeychain,
        home,
        env,
      });
      const previous = trust.hosts.current();
      const key = `ssh:${opened.label}`;
      await trust.hosts.switchTo({
        key,
        label: opened.label,
        ssh: opened.ssh,
        host: opened.ssh,
        actingAs: null,
        serverName: saved?.name ?? request.saveAs ?? null,
        // A yes earlier in this session to the same server still counts after a reconnect.
        hostKeyConfirmed: opened.hostKeyConfirmed || (previous?.key === key && previous.hostKeyConfirmed) || trust.hosts.wasConfirmed(key),
        prompts: opened.prompts,
      });
      if (request.saveAs) await saveServer(services, { name: request.saveAs, host, ...(user ? { user } : {}), ...(port ? { port } : {}) });
      services.log(`[ssh] connected to ${opened.label}`);
      const installLocations = await findInstallLocations(opened.ssh).catch(() => []);
      return { status: status(), installLocations, keepNote: opened.keepNote };
    },
    [INVOKE.serverUseInstall]: async ({ folder, sudoPassword }) => {
      const remote = trust.hosts.current();
      if (!remote) throw new CoreError('not-connected', 'Connect to the server first (or choose "This computer").', 'unusable-input');
      if (sudoPassword) remote.prompts.give({ sudoPassword });
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

async function saveServer(services: AppServices, server: { name: string; host: string; user?: string; port?: number }): Promise<void> {
  await services.settings.update((settings) => {
    const others = settings.sshServers.filter((entry) => entry.name !== server.name);
    const kept = settings.sshServers.find((entry) => entry.name === server.name);
    return { ...settings, sshServers: [...others, { ...(kept ?? {}), ...server }] };
  });
}

async function rememberInstallFolder(services: AppServices, name: string, installFolder: string): Promise<void> {
  await services.settings.update((settings) => ({
    ...settings,
    sshServers: settings.sshServers.map((entry) => (entry.name === name ? { ...entry, installFolder } : entry)),
  }));
}

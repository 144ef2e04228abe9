import type { Host } from '../../core/host';
import type { SshHost } from '../../core/host/ssh';
import type { HandleRegistry } from '../trust/handle-registry';
import type { AppSshPrompts } from './app-ssh-prompts';
import { SecretPromptBroker } from './secret-prompt-broker';

/** The server the app works on, while it is one (this computer otherwise). */
export interface RemoteHostState {
  /** `ssh:user@host:port`: the install handles' host key. */
  key: string;
  /** `user@host:port`. */
  label: string;
  /** The SSH login (not elevated). */
  ssh: SshHost;
  /** What install operations use: the login, or the login acting as the install's owner through sudo. */
  host: Host;
  /** The install's owner when the login works as that user through sudo. */
  actingAs: string | null;
  /** The saved server's name, when it was one. */
  serverName: string | null;
  /** The admin answered yes to this server's host key in this session (native dialog). */
  hostKeyConfirmed: boolean;
  prompts: AppSshPrompts;
}

/**
 * Which host the app's install steps work on: this computer (the services' own host) or one server
 * over SSH. Switching closes the previous connection and re-scopes the install handles, so a handle
 * issued on one host is refused on another.
 */
export class HostSession {
  private remote: RemoteHostState | null = null;
  private readonly confirmedKeys = new Set<string>();
  /** Passphrases, passwords and the sudo password asked on the page while a connection waits. */
  readonly secretPrompts = new SecretPromptBroker();

  constructor(private readonly handles: HandleRegistry) {}

  current(): RemoteHostState | null {
    return this.remote;
  }

  /** The host install operations use now. */
  hostOr(local: Host): Host {
    return this.remote?.host ?? local;
  }

  /** Works on `next` from now on (null: this computer); the previous connection is closed unless it is the same one. */
  async switchTo(next: RemoteHostState | null): Promise<void> {
    const previous = this.remote;
    this.remote = next;
    if (next?.hostKeyConfirmed) this.confirmedKeys.add(next.key);
    this.handles.useHost(next?.key ?? 'local');
    if (previous && previous.ssh !== next?.ssh) await previous.ssh.close().catch(() => {});
  }

  /** The admin answered yes to this server's host key earlier in this session. */
  wasConfirmed(key: string): boolean {
    return this.confirmedKeys.has(key);
  }

  /** Acting as the install's owner (or as the login again) on the same connection. */
  useInstallHost(host: Host, actingAs: string | null): void {
    if (this.remote) this.remote = { ...this.remote, host, actingAs };
  }

  /** Closes the connection (the app quits). */
  async close(): Promise<void> {
    this.secretPrompts.declineAll();
    await this.switchTo(null);
  }
}

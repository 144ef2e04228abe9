import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { ChannelLimiter } from './channel-limiter';
import type { AuthSecrets } from './ssh-auth';
import { openChain, type SshChain } from './ssh-jumps';
import { SshError, type OpenSshHostOptions } from './ssh-types';

/** sshd's default MaxSessions is 10; one stays free for the admin's own ssh session multiplexing. */
export const MAX_OPEN_CHANNELS = 9;
const CHANNEL_OPEN_TRIES = 6;

export interface ChannelExit {
  code: number | null;
  signal: string | null;
}

/**
 * Exit statuses of exec channels, recorded inside ssh2's exec callback. A fast command's exit-status
 * can arrive in the same packet batch as the exec reply: ssh2 emits 'exit' before any caller awaiting
 * the channel could listen, and the status would be lost (the run then looks like a dropped link).
 */
const channelExits = new WeakMap<ClientChannel, ChannelExit>();

/** The exit status ssh2 reported for `channel`, if it has ended. */
export function exitOf(channel: ClientChannel): ChannelExit | undefined {
  return channelExits.get(channel);
}

/**
 * One SSH connection per server, shared by every operation. When it drops, the next operation
 * reconnects once (secrets typed earlier are reused from memory); reads are retried once after a
 * drop, edits and runs are not (they say what state they left).
 */
export class SshConnection {
  readonly limiter = new ChannelLimiter(MAX_OPEN_CHANNELS);
  private readonly secrets: AuthSecrets = { passphrases: new Map() };
  private chain: SshChain | null = null;
  private pending: Promise<SshChain> | null = null;
  private sftpSession: Promise<SFTPWrapper> | null = null;
  private closed = false;
  private drops = 0;

  constructor(private readonly options: OpenSshHostOptions) {}

  get label(): string {
    return this.options.spec.label;
  }

  /** How many times the link dropped; an operation that saw this change lost its channel. */
  get dropCount(): number {
    return this.drops;
  }

  async client(): Promise<Client> {
    if (this.closed) throw new SshError('connection-lost', `the connection to ${this.label} was closed`);
    if (this.chain) return this.chain.client;
    this.pending ??= this.connect();
    return (await this.pending).client;
  }

  private async connect(): Promise<SshChain> {
    const reconnecting = this.drops > 0;
    try {
      const chain = await openChain({ ...this.options, secrets: this.secrets });
      if (this.closed) {
        chain.close();
        throw new SshError('connection-lost', `the connection to ${this.label} was closed`);
      }
      chain.client.on('error', () => undefined);
      chain.client.once('close', () => this.onDropped(chain));
      this.chain = chain;
      return chain;
    } catch (error) {
      if (!reconnecting) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new SshError('connection-lost', `the connection to ${this.label} dropped and reconnecting failed: ${reason}`);
    } finally {
      this.pending = null;
    }
  }

  private onDropped(chain: SshChain): void {
    chain.close();
    if (this.chain !== chain) return;
    this.chain = null;
    this.sftpSession = null;
    this.drops += 1;
  }

  /** Runs `operation` inside one of the limited channel slots. */
  async withChannelSlot<T>(operation: (client: Client) => Promise<T>): Promise<T> {
    const release = await this.limiter.acquire();
    try {
      return await operation(await this.client());
    } finally {
      release();
    }
  }

  /**
   * Opens an exec channel (inside a slot, released when the channel closes). A channel refused
   * because the link had just died is opened again on the reconnected link.
   */
  async exec(command: string): Promise<ClientChannel> {
    const release = await this.limiter.acquire();
    try {
      const channel = await this.openExec(command).catch(async (error: unknown) => {
        if (!(await this.linkDiedMeanwhile())) throw error;
        return this.openExec(command);
      });
      channel.once('close', release);
      return channel;
    } catch (error) {
      release();
      throw error;
    }
  }

  private async openExec(command: string): Promise<ClientChannel> {
    return this.openChannel((client, callback) =>
      client.exec(command, (error, channel) => {
        channel?.on('exit', (code: number | null, signal?: string) => channelExits.set(channel, { code, signal: signal ?? null }));
        callback(error, channel);
      }),
    );
  }

  /**
   * Opens a channel, retrying a refusal a few times: sshd frees a session slot only after our
   * CLOSE reply reaches it, so a slot we just released can still count against MaxSessions there.
   */
  private async openChannel<T>(open: (client: Client, callback: (error: Error | undefined, channel: T) => void) => void): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.client();
      try {
        return await new Promise<T>((resolve, reject) => open(client, (error, channel) => (error ? reject(error) : resolve(channel))));
      } catch (error) {
        if (attempt >= CHANNEL_OPEN_TRIES || !/Channel open failure/i.test((error as Error).message)) throw this.channelError(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  }

  /** True when the link is gone (ssh2 reports the socket's close a moment after a channel's). */
  private async linkDiedMeanwhile(): Promise<boolean> {
    if (this.closed) return false;
    const chain = this.chain;
    if (chain === null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
    return this.chain !== chain;
  }

  /** The connection's one SFTP session (it holds one channel slot while open). */
  async sftp(): Promise<SFTPWrapper> {
    const client = await this.client();
    if (!this.sftpSession) {
      const session = this.openSftp(client);
      this.sftpSession = session;
      session.catch(() => {
        if (this.sftpSession === session) this.sftpSession = null;
      });
    }
    return this.sftpSession;
  }

  private async openSftp(client: Client): Promise<SFTPWrapper> {
    const release = await this.limiter.acquire();
    try {
      const sftp = await this.openChannel<SFTPWrapper>((current, callback) => current.sftp(callback as never));
      sftp.once('close', () => {
        release();
        if (this.chain?.client === client) this.sftpSession = null;
      });
      return sftp;
    } catch (error) {
      release();
      throw error;
    }
  }

  /**
   * Runs a read-only operation; if the link dropped while it ran, reconnects once and runs it again.
   */
  async idempotent<T>(operation: () => Promise<T>): Promise<T> {
    const dropsBefore = this.drops;
    try {
      return await operation();
    } catch (error) {
      if (this.drops === dropsBefore && !(await this.linkDiedMeanwhile())) throw error;
      return operation();
    }
  }

  private channelError(error: Error): Error {
    return new SshError('connection-lost', `${this.label} refused a new channel: ${error.message}`);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.secrets.password = undefined;
    this.secrets.passphrases.clear();
    const chain = this.chain ?? (await this.pending?.catch(() => null)) ?? null;
    this.chain = null;
    this.sftpSession = null;
    chain?.close();
  }
}

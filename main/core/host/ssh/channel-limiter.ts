/**
 * At most `limit` SSH session channels open at once; the rest wait in order. sshd closes the
 * connection's extra sessions beyond MaxSessions (10 by default), so we stay one below it.
 */
export class ChannelLimiter {
  private open = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async acquire(): Promise<() => void> {
    if (this.open >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.open += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.open -= 1;
    };
  }

  /** Channels open right now (for tests and diagnostics). */
  get inUse(): number {
    return this.open;
  }
}

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ChannelLimiter } from '../../../main/core/host/ssh/channel-limiter';
import { shellCommand, shellQuote } from '../../../main/core/host/ssh/shell-quote';
import { forwardFailureCode } from '../../../main/core/host/ssh/ssh-forward';
import { keyTypeOf, sha256Fingerprint } from '../../../main/core/host/ssh/ssh-host-key';
import { sudoersLineFor } from '../../../main/core/host/ssh/ssh-sudo';

describe('SSH helpers', () => {
  it('maps the server reasons for a failed direct-tcpip open onto errno names', () => {
    expect(forwardFailureCode('Connection refused')).toBe('ECONNREFUSED');
    expect(forwardFailureCode('Connection timed out')).toBe('ETIMEDOUT');
    expect(forwardFailureCode('No route to host')).toBe('EHOSTUNREACH');
    expect(forwardFailureCode('Network is unreachable')).toBe('ENETUNREACH');
    expect(forwardFailureCode('Name or service not known')).toBe('ENOTFOUND');
    expect(forwardFailureCode('Temporary failure in name resolution')).toBe('EAI_AGAIN');
    expect(forwardFailureCode('administratively prohibited: open failed')).toBe('forwarding-prohibited');
    expect(forwardFailureCode('open failed', 1)).toBe('forwarding-prohibited');
    expect(forwardFailureCode('something else', 2)).toBe('ECONNRESET');
  });

  it('quotes words so the login shell passes them through unchanged', () => {
    const words = ['plain', "it's", 'two words', '$HOME', '`id`', '', 'a"b', 'x\ny'];
    const echoed = execFileSync('sh', ['-c', `printf '%s\\0' ${shellCommand(words)}`]).toString().split('\0').slice(0, -1);
    expect(echoed).toEqual(words);
    expect(shellQuote('/opt/bitwarden/bwdata')).toBe('/opt/bitwarden/bwdata');
  });

  it('fingerprints a key blob as OpenSSH does and reads its type', () => {
    const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);
    expect(keyTypeOf(blob)).toBe('ssh-ed25519');
    expect(sha256Fingerprint(blob)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('writes the sudoers line that would allow acting as the owner', () => {
    expect(sudoersLineFor('admin', 'bitwarden')).toBe('admin ALL=(bitwarden) NOPASSWD: ALL');
  });

  it('holds channels beyond the limit until one is released, in order', async () => {
    const limiter = new ChannelLimiter(2);
    const first = await limiter.acquire();
    await limiter.acquire();
    const order: string[] = [];
    const third = limiter.acquire().then((release) => {
      order.push('third');
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    expect(limiter.inUse).toBe(2);
    first();
    (await third)();
    expect(order).toEqual(['third']);
    expect(limiter.inUse).toBe(1);
  });
});

import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { supportedSshAlgorithms } from '../../../main/core/host/ssh/ssh-algorithms';
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

  it('offers only the ciphers and ECDH curves this crypto lists', () => {
    const ciphers = vi.spyOn(crypto, 'getCiphers').mockReturnValue(['aes-128-gcm', 'aes-256-ctr']);
    const curves = vi.spyOn(crypto, 'getCurves').mockReturnValue(['prime256v1']);
    try {
      const offer = supportedSshAlgorithms();
      expect(offer.cipher).toEqual(['aes128-gcm@openssh.com', 'aes256-ctr']);
      expect(offer.kex).toContain('ecdh-sha2-nistp256');
      expect(offer.kex).not.toContain('ecdh-sha2-nistp384');
    } finally {
      ciphers.mockRestore();
      curves.mockRestore();
    }
    expect(supportedSshAlgorithms().cipher).toContain('chacha20-poly1305@openssh.com');
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

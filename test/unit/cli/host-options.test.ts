import { describe, expect, it } from 'vitest';
import { checkHostOptions, hostArgsText } from '../../../main/cli/host-options';

const FP = 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s';

describe('checkHostOptions', () => {
  it.each([
    [{ bwdata: '/opt/bitwarden', identity: '/k' }, 'required', '--identity only goes with --host or --server'],
    [{ bwdata: '/opt/bitwarden', acceptHostKey: FP }, 'required', '--accept-host-key only goes with'],
    [{}, 'required', "required option '--bwdata <dir>'"],
    [{ host: 'vault' }, 'required', '--bwdata is required with --host'],
    [{ host: 'vault', bwdata: 'opt/bitwarden' }, 'required', 'absolute path on the server'],
    [{ host: 'vault', bwdata: '/opt/bitwarden', acceptHostKey: 'SHA256:short' }, 'required', 'takes a SHA256 fingerprint'],
    [{ host: 'vault', bwdata: '/opt/bitwarden', acceptHostKey: 'MD5:aa:bb' }, 'required', 'takes a SHA256 fingerprint'],
  ] as const)('%j (%s) is a usage error', (options, mode, message) => {
    expect(() => checkHostOptions(options, mode)).toThrow(expect.objectContaining({ outcome: 'unusable-input', message: expect.stringContaining(message) }));
  });

  it('accepts what can work', () => {
    expect(() => checkHostOptions({ bwdata: 'relative/is/fine/here' }, 'required')).not.toThrow();
    expect(() => checkHostOptions({}, 'optional')).not.toThrow();
    expect(() => checkHostOptions({ host: 'vault' }, 'optional')).not.toThrow();
    expect(() => checkHostOptions({ server: 'vault1' }, 'required')).not.toThrow();
    expect(() => checkHostOptions({ host: 'a@vault:2222', bwdata: '/opt/bitwarden', acceptHostKey: FP }, 'required')).not.toThrow();
  });

  it('hints repeat the way the server was named, quoted for the shell', () => {
    expect(hostArgsText({ host: 'admin@vault', bwdata: '/opt/bit warden' })).toBe("--host admin@vault --bwdata '/opt/bit warden'");
    expect(hostArgsText({ server: 'vault1' })).toBe('--server vault1');
  });
});

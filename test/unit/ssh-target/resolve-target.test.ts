import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSshError } from '../../../main/core/host/ssh/ssh-types';
import { parseJumpList, resolveSshTarget, parseTargetText } from '../../../main/core/ssh-target';
import { useTempHome } from './temp-home';

const makeHome = useTempHome();
const base = { localUser: 'me', env: {}, platform: 'linux' as const, globalKnownHostsFiles: ['/nonexistent/ssh_known_hosts'] };

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isSshError(error)) throw new Error(`expected an SshError, got ${String(error)}`);
  return error;
}

describe('parseTargetText', () => {
  it('reads user, host and port in every spelling', () => {
    expect(parseTargetText('vault.example.com')).toEqual({ host: 'vault.example.com' });
    expect(parseTargetText('admin@vault.example.com:2222')).toEqual({ user: 'admin', host: 'vault.example.com', port: 2222 });
    expect(parseTargetText('ssh://admin@10.0.0.5:22')).toEqual({ user: 'admin', host: '10.0.0.5', port: 22 });
    expect(parseTargetText('admin@[::1]:2200')).toEqual({ user: 'admin', host: '::1', port: 2200 });
    expect(parseTargetText('fe80::1')).toEqual({ host: 'fe80::1' });
  });

  it.each(['', 'host:0', 'host:70000', 'host:abc', '-oProxyCommand=x', 'a b', 'bad user@host', 'host/path'])('refuses %j as bad-host', (text) => {
    expect(() => parseTargetText(text)).toThrow(expect.objectContaining({ code: 'bad-host' }));
  });
});

describe('parseJumpList', () => {
  it('reads hops as ssh -J does, first hop first; none is a direct connection', () => {
    expect(parseJumpList(' jump@bastion:2200 , [fd00::1]:22,gate ')).toEqual([{ user: 'jump', host: 'bastion', port: 2200 }, { host: 'fd00::1', port: 22 }, { host: 'gate' }]);
    expect(parseJumpList('NONE')).toEqual([]);
  });

  it('names the bad hop among several', () => {
    expect(() => parseJumpList('gate,,inner')).toThrow(expect.objectContaining({ code: 'bad-host', message: expect.stringMatching(/^ProxyJump hop 2 of 3: "" is not a server/) }));
    expect(() => parseJumpList('bastion:0')).toThrow(expect.objectContaining({ code: 'bad-host', message: expect.stringMatching(/^"bastion:0" is not a server/) }));
  });
});

describe('resolveSshTarget', () => {
  it('without a config: the typed host, the local user, port 22, the default known_hosts and the existing default keys in OpenSSH order', async () => {
    const h = makeHome();
    const rsa = h.keygen('id_rsa', 'rsa');
    const ed = h.keygen('id_ed25519');
    const resolved = await resolveSshTarget('vault.example.com', { ...base, home: h.home });
    expect(resolved.spec).toMatchObject({ label: 'me@vault.example.com', target: { host: 'vault.example.com', port: 22, user: 'me' }, jumps: [], identityFiles: [ed, rsa] });
    expect(resolved.spec.agentSocket).toBeUndefined();
    expect(resolved.endpoints[0]!.knownHostsFiles).toEqual([path.join(h.ssh, 'known_hosts'), path.join(h.ssh, 'known_hosts2')]);
  });

  it('applies HostName, User, Port, IdentityFile, ConnectTimeout, ServerAliveInterval, UserKnownHostsFile and HashKnownHosts of an alias', async () => {
    const h = makeHome();
    const key = h.keygen('vault_key');
    h.write(
      'config',
      ['Host vault', '  HostName %h.internal.example', '  User bitwarden-admin', '  Port 2222', '  IdentityFile ~/.ssh/vault_key', '  ConnectTimeout 7', '  ServerAliveInterval 0', '  UserKnownHostsFile ~/.ssh/known_vaults', '', 'Host *', '  User ignored-because-first-wins', '  HashKnownHosts yes', ''].join('\n'),
    );
    const resolved = await resolveSshTarget('vault', { ...base, home: h.home, env: { SSH_AUTH_SOCK: '/tmp/agent.sock' } });
    expect(resolved.spec).toEqual({
      label: 'bitwarden-admin@vault.internal.example:2222',
      target: { host: 'vault.internal.example', port: 2222, user: 'bitwarden-admin' },
      jumps: [],
      identityFiles: [key],
      connectTimeoutMs: 7000,
      keepAliveIntervalMs: 0,
      agentSocket: '/tmp/agent.sock',
    });
    expect(resolved.endpoints[0]).toMatchObject({ alias: 'vault', knownHostsFiles: [path.join(h.ssh, 'known_vaults')], hashKnownHosts: true });
  });

  it('typed user and port win over the config', async () => {
    const h = makeHome();
    h.write('config', 'Host vault\n  HostName 10.1.2.3\n  User config-user\n  Port 2222\n');
    const resolved = await resolveSshTarget('root@vault:22', { ...base, home: h.home });
    expect(resolved.spec.target).toEqual({ host: '10.1.2.3', port: 22, user: 'root' });
  });

  it('ProxyJump with several hops resolves each hop through the config, and a hop\'s own ProxyJump comes first', async () => {
    const h = makeHome();
    h.write(
      'config',
      [
        'Host vault', '  HostName 10.0.0.9', '  ProxyJump hop2,jumper@hop3:2203',
        'Host hop2', '  HostName hop2.example', '  User u2', '  Port 2202', '  ProxyJump hop1',
        'Host hop1', '  HostName hop1.example', '  User u1',
        'Host hop3', '  HostName hop3.example',
      ].join('\n'),
    );
    const resolved = await resolveSshTarget('vault', { ...base, home: h.home });
    // ssh -J hop2,hop3 vault: hop2 first (reached through its own ProxyJump hop1), then hop3, then vault.
    expect(resolved.spec.jumps).toEqual([
      { host: 'hop1.example', port: 22, user: 'u1' },
      { host: 'hop2.example', port: 2202, user: 'u2' },
      { host: 'hop3.example', port: 2203, user: 'jumper' },
    ]);
    expect(resolved.endpoints.map((e) => e.alias)).toEqual(['hop1', 'hop2', 'hop3', 'vault']);
  });

  it('a typed ProxyJump replaces the config\'s (as ssh -J does); each typed hop still resolves through the config; "none" goes direct', async () => {
    const h = makeHome();
    h.write('config', ['Host vault', '  HostName 10.0.0.9', '  ProxyJump old-hop', 'Host hop1', '  HostName hop1.example', '  User u1', '  Port 2201'].join('\n'));
    const typed = await resolveSshTarget('vault', { ...base, home: h.home, proxyJump: ' hop1 , jumper@[::1]:2203 ' });
    expect(typed.spec.jumps).toEqual([
      { host: 'hop1.example', port: 2201, user: 'u1' },
      { host: '::1', port: 2203, user: 'jumper' },
    ]);
    expect(typed.endpoints.map((e) => e.alias)).toEqual(['hop1', '::1', 'vault']);
    const direct = await resolveSshTarget('vault', { ...base, home: h.home, proxyJump: 'none' });
    expect(direct.spec.jumps).toEqual([]);
    const fromConfig = await resolveSshTarget('vault', { ...base, home: h.home, proxyJump: '  ' });
    expect(fromConfig.spec.jumps).toEqual([{ host: 'old-hop', port: 22, user: 'me' }]);
    const bad = await refusal(resolveSshTarget('vault', { ...base, home: h.home, proxyJump: 'hop1,,x' }));
    expect(bad.code).toBe('bad-host');
  });

  it('a ProxyJump loop is a bad host, not a hang', async () => {
    const h = makeHome();
    h.write('config', 'Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n');
    expect((await refusal(resolveSshTarget('a', { ...base, home: h.home }))).code).toBe('bad-host');
  });

  it.each([
    ['Include', 'Include ~/.ssh/config.d/*\nHost vault\n  HostName x\n'],
    ['Include', 'Host vault\n  Include extra.conf\n'],
    ['Match', 'Host vault\n  HostName x\nMatch host other\n  User y\n'],
    ['ProxyCommand', 'Host vault\n  ProxyCommand nc %h %p\n'],
    ['CertificateFile', 'Host vault\n  CertificateFile ~/.ssh/id_ed25519-cert.pub\n'],
    ['HostKeyAlias', 'Host vault\n  HostKeyAlias other\n'],
  ])('refuses %s by name (unsupported-ssh-config)', async (name, config) => {
    const h = makeHome();
    h.write('config', config);
    const error = await refusal(resolveSshTarget('vault', { ...base, home: h.home }));
    expect(error.code).toBe('unsupported-ssh-config');
    expect(error.details.unsupported).toBe(name);
    expect(error.message).toContain(name);
  });

  it('an Include inside another host\'s section does not concern this server', async () => {
    const h = makeHome();
    h.write('config', 'Host other\n  Include other.conf\nHost vault\n  HostName 10.0.0.1\n');
    expect((await resolveSshTarget('vault', { ...base, home: h.home })).spec.target.host).toBe('10.0.0.1');
  });

  it('refuses a configured FIDO (sk-) key and a certificate named as IdentityFile; skips a default sk key with a note', async () => {
    const h = makeHome();
    // The public part of an OpenSSH private key is not encrypted: an sk- key is recognised by its type alone.
    const skKey = h.write('id_sk', fakeOpenSshKey('sk-ssh-ed25519@openssh.com'));
    h.write('config', `Host vault\n  IdentityFile ${skKey}\n`);
    const error = await refusal(resolveSshTarget('vault', { ...base, home: h.home }));
    expect(error).toMatchObject({ code: 'unsupported-ssh-config', details: { unsupported: 'sk-ssh-ed25519@openssh.com' } });

    h.write('config', 'Host vault\n  IdentityFile ~/.ssh/id_ed25519-cert.pub\n');
    h.write('id_ed25519-cert.pub', 'ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t test\n');
    expect((await refusal(resolveSshTarget('vault', { ...base, home: h.home }))).details.unsupported).toBe('ssh-ed25519-cert-v01@openssh.com');

    h.write('config', '');
    h.write('id_ecdsa', fakeOpenSshKey('sk-ecdsa-sha2-nistp256@openssh.com'));
    const resolved = await resolveSshTarget('vault', { ...base, home: h.home });
    expect(resolved.spec.identityFiles).toEqual([]);
    expect(resolved.notes.join('\n')).toMatch(/id_ecdsa is skipped.*sk-ecdsa/);
  });

  it('a -cert.pub beside a default key is reported, and the plain key is still offered', async () => {
    const h = makeHome();
    const key = h.keygen('id_ed25519');
    h.write('id_ed25519-cert.pub', 'ssh-ed25519-cert-v01@openssh.com AAAA test\n');
    const resolved = await resolveSshTarget('vault', { ...base, home: h.home });
    expect(resolved.spec.identityFiles).toEqual([key]);
    expect(resolved.notes.join('\n')).toContain('id_ed25519-cert.pub is an SSH certificate, which is not supported');
  });

  it('--identity comes first and must be readable', async () => {
    const h = makeHome();
    const ed = h.keygen('id_ed25519');
    const other = h.keygen('other_key', 'ecdsa');
    expect((await resolveSshTarget('vault', { ...base, home: h.home, identityFile: other })).spec.identityFiles).toEqual([other, ed]);
    expect((await refusal(resolveSshTarget('vault', { ...base, home: h.home, identityFile: path.join(h.ssh, 'missing') }))).code).toBe('identity-unreadable');
    expect((await refusal(resolveSshTarget('vault', { ...base, home: h.home, identityFile: `${other}.pub` }))).code).toBe('identity-unreadable');
  });

  it('IdentityAgent none turns the agent off; the Windows default is the OpenSSH agent pipe', async () => {
    const h = makeHome();
    h.write('config', 'Host quiet\n  IdentityAgent none\n');
    expect((await resolveSshTarget('quiet', { ...base, home: h.home, env: { SSH_AUTH_SOCK: '/tmp/a' } })).spec.agentSocket).toBeUndefined();
    expect((await resolveSshTarget('vault', { ...base, home: h.home, platform: 'win32' })).spec.agentSocket).toBe('\\\\.\\pipe\\openssh-ssh-agent');
  });

  it('a bad Port or ConnectTimeout in the config is a bad host', async () => {
    const h = makeHome();
    h.write('config', 'Host vault\n  Port 99999\nHost slow\n  ConnectTimeout soon\n');
    expect((await refusal(resolveSshTarget('vault', { ...base, home: h.home }))).code).toBe('bad-host');
    expect((await refusal(resolveSshTarget('slow', { ...base, home: h.home }))).code).toBe('bad-host');
  });
});

/** An unencrypted openssh-key-v1 file whose (public) key type is `type`; the rest is filler. */
function fakeOpenSshKey(type: string): string {
  const str = (value: Buffer | string) => {
    const bytes = Buffer.from(value);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const blob = str(Buffer.concat([str(type), str(Buffer.alloc(32, 7))]));
  const data = Buffer.concat([Buffer.from('openssh-key-v1\0'), str('none'), str('none'), str(''), count, blob, str(Buffer.alloc(16))]);
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${data.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

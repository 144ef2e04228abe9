import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSshError, type HostKeyOffer } from '../../../main/core/host/ssh/ssh-types';
import { checkHostKey, createHostKeyVerifier, parseKnownHosts, sha256Fingerprint, type HostKeyQuestion, type ResolvedEndpoint } from '../../../main/core/ssh-target';
import { useTempHome } from './temp-home';

const makeHome = useTempHome();

/** A fresh key made by ssh-keygen: its blob and the `type base64` text of its .pub. */
function hostKey(h: ReturnType<ReturnType<typeof useTempHome>>, name: string, type = 'ed25519') {
  const file = h.keygen(name, type);
  const [keyType, base64] = readFileSync(`${file}.pub`, 'utf8').split(' ') as [string, string];
  const fingerprint = execFileSync('ssh-keygen', ['-lf', `${file}.pub`, '-E', 'sha256'], { encoding: 'utf8' }).split(' ')[1]!;
  return { keyType, text: `${keyType} ${base64}`, blob: Buffer.from(base64, 'base64'), fingerprint };
}

function offer(key: { keyType: string; blob: Buffer }, host = 'vault.example.com', port = 22): HostKeyOffer {
  return { endpoint: { host, port, user: 'admin' }, keyType: key.keyType, key: key.blob, fingerprint: sha256Fingerprint(key.blob) };
}

function endpoint(h: { ssh: string }, extra: Partial<ResolvedEndpoint> = {}): ResolvedEndpoint {
  return { host: 'vault.example.com', port: 22, user: 'admin', alias: 'vault', knownHostsFiles: [path.join(h.ssh, 'known_hosts')], globalKnownHostsFiles: [path.join(h.ssh, 'global_known_hosts')], hashKnownHosts: false, ...extra };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  if (!isSshError(error)) throw new Error(`expected an SshError, got ${String(error)}`);
  return error;
}

describe('known_hosts', () => {
  it('our fingerprint is the one ssh-keygen prints', () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    expect(sha256Fingerprint(key.blob)).toBe(key.fingerprint);
  });

  it('matches plain, comma-listed, wildcard, [host]:port and hashed entries; a negation excludes', () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const other = hostKey(h, 'o');
    const hashedFile = path.join(h.ssh, 'hashed');
    writeFileSync(hashedFile, `vault.example.com ${key.text}\n[vault.example.com]:2222 ${key.text}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', hashedFile], { stdio: 'ignore' });
    const hashed = parseKnownHosts(readFileSync(hashedFile, 'utf8'), hashedFile);
    expect(hashed.every((e) => e.patterns.startsWith('|1|'))).toBe(true);
    expect(checkHostKey(hashed, 'vault.example.com', key.blob).status).toBe('known');
    expect(checkHostKey(hashed, '[vault.example.com]:2222', key.blob).status).toBe('known');
    expect(checkHostKey(hashed, '[vault.example.com]:2200', key.blob).status).toBe('unknown');

    const plain = parseKnownHosts(`# comment\nold.example,10.0.0.5,VAULT.example.com ${key.text}\n*.lab.example,!secret.lab.example ${other.text}\n`, 'f');
    expect(checkHostKey(plain, 'vault.example.com', key.blob).status).toBe('known');
    expect(checkHostKey(plain, 'a.lab.example', other.blob).status).toBe('known');
    expect(checkHostKey(plain, 'secret.lab.example', other.blob).status).toBe('unknown');
    expect(checkHostKey(plain, 'vault.example.com', Buffer.concat([key.blob.subarray(0, -1), Buffer.from([0])])).status).toBe('changed');
  });

  it('@revoked wins over a matching entry; another key type is unknown, naming the known types', () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const rsa = hostKey(h, 'r', 'rsa');
    const entries = parseKnownHosts(`vault.example.com ${key.text}\n@revoked * ${key.text}\n`, 'f');
    expect(checkHostKey(entries, 'vault.example.com', key.blob).status).toBe('revoked');
    const result = checkHostKey(entries, 'vault.example.com', rsa.blob);
    expect(result).toMatchObject({ status: 'unknown', otherKeyTypes: ['ssh-ed25519'] });
  });
});

describe('createHostKeyVerifier', () => {
  it('accepts a key listed in the global file, without writing anything', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    writeFileSync(path.join(h.ssh, 'global_known_hosts'), `vault.example.com ${key.text}\n`);
    await createHostKeyVerifier({ endpoints: [endpoint(h)] })(offer(key));
    expect(() => statSync(path.join(h.ssh, 'known_hosts'))).toThrow();
  });

  it('unknown with no one to ask: host-key-unknown with the fingerprint, nothing added', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const error = await refusal(createHostKeyVerifier({ endpoints: [endpoint(h)] })(offer(key)));
    expect(error).toMatchObject({ code: 'host-key-unknown', details: { fingerprint: key.fingerprint, keyType: 'ssh-ed25519' } });
    expect(error.message).toContain(`--accept-host-key ${key.fingerprint}`);
    expect(() => statSync(path.join(h.ssh, 'known_hosts'))).toThrow();
  });

  it('a matching --accept-host-key adds a plain entry (file 600, new folder 700) that ssh-keygen -F finds', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const file = path.join(h.home, 'newfolder', 'known_hosts');
    await createHostKeyVerifier({ endpoints: [endpoint(h, { port: 2222, knownHostsFiles: [file] })], acceptFingerprint: key.fingerprint })(offer(key, 'vault.example.com', 2222));
    expect(readFileSync(file, 'utf8')).toBe(`[vault.example.com]:2222 ${key.text.trim()}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(execFileSync('ssh-keygen', ['-F', '[vault.example.com]:2222', '-f', file], { encoding: 'utf8' })).toContain('found');
  });

  it('HashKnownHosts yes: the added entry is hashed, and OpenSSH finds it; an existing file without a final newline stays intact', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const file = path.join(h.ssh, 'known_hosts');
    writeFileSync(file, 'other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnlyAnExampleKeyForTheTestOnly0000000000', { mode: 0o644 });
    await createHostKeyVerifier({ endpoints: [endpoint(h, { hashKnownHosts: true })], acceptFingerprint: key.fingerprint })(offer(key));
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines[0]).toMatch(/^other\.example /);
    expect(lines[1]).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    expect(lines[1]).not.toContain('vault.example.com');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(execFileSync('ssh-keygen', ['-F', 'vault.example.com', '-f', file], { encoding: 'utf8' })).toContain('found');
    // Now known: the next connection is accepted without a flag.
    await createHostKeyVerifier({ endpoints: [endpoint(h)] })(offer(key));
  });

  it('a non-matching --accept-host-key refuses and adds nothing', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const other = hostKey(h, 'o');
    const error = await refusal(createHostKeyVerifier({ endpoints: [endpoint(h)], acceptFingerprint: other.fingerprint })(offer(key)));
    expect(error.code).toBe('host-key-unknown');
    expect(error.message).toContain('does not match');
    expect(() => statSync(path.join(h.ssh, 'known_hosts'))).toThrow();
  });

  it('asks about an unknown key with its fingerprint: yes adds it, no refuses', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const questions: HostKeyQuestion[] = [];
    const no = createHostKeyVerifier({ endpoints: [endpoint(h)], ask: async (q) => (questions.push(q), false) });
    expect((await refusal(no(offer(key)))).code).toBe('host-key-unknown');
    const yes = createHostKeyVerifier({ endpoints: [endpoint(h)], ask: async (q) => (questions.push(q), true) });
    await yes(offer(key));
    expect(questions.map((q) => q.fingerprint)).toEqual([key.fingerprint, key.fingerprint]);
    expect(readFileSync(path.join(h.ssh, 'known_hosts'), 'utf8')).toContain(key.text.trim());
  });

  it('a changed key is refused with the interception warning, even with a matching --accept-host-key', async () => {
    const h = makeHome();
    const old = hostKey(h, 'old');
    const key = hostKey(h, 'k');
    writeFileSync(path.join(h.ssh, 'known_hosts'), `vault.example.com ${old.text}`);
    let asked = false;
    const error = await refusal(createHostKeyVerifier({ endpoints: [endpoint(h)], acceptFingerprint: key.fingerprint, ask: async () => (asked = true) })(offer(key)));
    expect(error.code).toBe('host-key-changed');
    expect(error.message).toMatch(/CHANGED.*may be intercepting/);
    expect(error.details.fingerprint).toBe(key.fingerprint);
    expect(asked).toBe(false);
  });

  it('a revoked key is refused; a host trusted only through @cert-authority is reported unsupported by name', async () => {
    const h = makeHome();
    const key = hostKey(h, 'k');
    const ca = hostKey(h, 'ca');
    writeFileSync(path.join(h.ssh, 'known_hosts'), `@revoked vault.example.com ${key.text}\n@cert-authority *.example.com ${ca.text}\n`);
    const verify = createHostKeyVerifier({ endpoints: [endpoint(h)], acceptFingerprint: key.fingerprint });
    expect((await refusal(verify(offer(key)))).code).toBe('host-key-revoked');
    const other = hostKey(h, 'other');
    const error = await refusal(verify(offer(other, 'vault.example.com')));
    expect(error).toMatchObject({ code: 'unsupported-ssh-config', details: { unsupported: '@cert-authority' } });
  });
});

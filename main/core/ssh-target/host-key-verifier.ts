import { SshError, type HostKeyOffer, type HostKeyVerifier } from '../host/ssh/ssh-types';
import { keyTypeOfBlob, sha256Fingerprint } from './fingerprint';
import { addKnownHost } from './known-hosts-add';
import { checkHostKey, knownHostsName, readKnownHostsFiles } from './known-hosts';
import type { ResolvedEndpoint } from './resolve-target';
import { unsupportedConfig } from './ssh-config-file';
import { endpointLabel } from './target-text';

/** What the admin is asked about a server whose key is not in known_hosts yet. */
export interface HostKeyQuestion {
  /** `user@host:port`. */
  label: string;
  keyType: string;
  fingerprint: string;
  /** Key types known_hosts does list for this host (the server offered another one). */
  otherKeyTypes: string[];
}

export interface HostKeyVerifierOptions {
  /** From the resolution: the hops and the server, each with its known_hosts files. */
  endpoints: readonly ResolvedEndpoint[];
  /** `--accept-host-key SHA256:…` (normalized): trust an unknown key with exactly this fingerprint. */
  acceptFingerprint?: string;
  /** Asks about an unknown key; true adds it to known_hosts. Absent when no one can answer (no TTY). */
  ask?: (question: HostKeyQuestion) => Promise<boolean>;
  log?: (line: string) => void;
}

/**
 * Checks every host key offered (the server and each ProxyJump hop) against known_hosts and
 * /etc/ssh/ssh_known_hosts. Known: accepted. Revoked or changed: refused. Unknown: accepted only after
 * a yes or a matching --accept-host-key, and then added. There is no way to skip the check.
 */
export function createHostKeyVerifier(options: HostKeyVerifierOptions): HostKeyVerifier {
  return async (offer) => {
    const endpoint = endpointOf(options.endpoints, offer);
    if (!endpoint) throw new Error('host key check without a resolved endpoint');
    const fingerprint = sha256Fingerprint(offer.key);
    const keyType = keyTypeOfBlob(offer.key) ?? offer.keyType;
    const label = endpointLabel({ ...offer.endpoint });
    const details = { fingerprint, keyType };
    if (keyType.includes('-cert-v01@openssh.com')) throw unsupportedConfig(keyType, label, 'host certificates are not supported');
    const name = knownHostsName(offer.endpoint);
    const entries = await readKnownHostsFiles([...endpoint.knownHostsFiles, ...endpoint.globalKnownHostsFiles]);
    const result = checkHostKey(entries, name, offer.key);
    if (result.status === 'known') return;
    if (result.status === 'revoked') {
      throw new SshError('host-key-revoked', `The host key of ${label} (${keyType} ${fingerprint}) is marked @revoked in ${result.entry.file} line ${result.entry.line}. Refusing to connect.`, details);
    }
    if (result.status === 'changed') throw changedKey(offer, label, result.entry.file, result.entry.line, name, details);
    if (result.certAuthority) {
      throw unsupportedConfig('@cert-authority', `${result.certAuthority.file} line ${result.certAuthority.line}`, `${label} is trusted there through a certificate authority, and SSH certificates are not supported; add its plain host key (${keyType} ${fingerprint}) to known_hosts instead`);
    }
    await decideUnknown(options, { label, keyType, fingerprint, otherKeyTypes: result.otherKeyTypes }, details);
    const file = endpoint.knownHostsFiles[0];
    if (!file) {
      options.log?.(`[ssh] UserKnownHostsFile is none: the key of ${label} is trusted for this run only.`);
      return;
    }
    await addKnownHost(file, offer.endpoint, offer.key, endpoint.hashKnownHosts);
    options.log?.(`[ssh] added ${label} (${keyType} ${fingerprint}) to ${file}${endpoint.hashKnownHosts ? ' (hashed)' : ''}`);
  };
}

function endpointOf(endpoints: readonly ResolvedEndpoint[], offer: HostKeyOffer): ResolvedEndpoint | undefined {
  return endpoints.find((e) => e.host === offer.endpoint.host && e.port === offer.endpoint.port) ?? endpoints[endpoints.length - 1];
}

async function decideUnknown(options: HostKeyVerifierOptions, question: HostKeyQuestion, details: { fingerprint: string; keyType: string }): Promise<void> {
  const { label, keyType, fingerprint } = question;
  if (options.acceptFingerprint !== undefined) {
    if (options.acceptFingerprint === fingerprint) return;
    throw new SshError(
      'host-key-unknown',
      `${label} offered the host key ${keyType} ${fingerprint}, which does not match --accept-host-key ${options.acceptFingerprint}. Refusing to connect; known_hosts was not changed.`,
      details,
    );
  }
  if (options.ask) {
    if (await options.ask(question)) return;
    throw new SshError('host-key-unknown', `The host key of ${label} (${keyType} ${fingerprint}) was not accepted. Nothing was changed.`, details);
  }
  throw new SshError(
    'host-key-unknown',
    `${label} is not in known_hosts. Its host key is ${keyType} ${fingerprint}. Compare it with the server's own (on the server: ssh-keygen -lf /etc/ssh/ssh_host_${hostKeyFileKind(keyType)}_key.pub), then run again with --accept-host-key ${fingerprint}, or answer the question on a terminal.`,
    details,
  );
}

function changedKey(offer: HostKeyOffer, label: string, file: string, line: number, name: string, details: { fingerprint: string; keyType: string }): SshError {
  return new SshError(
    'host-key-changed',
    `WARNING: the host key of ${label} has CHANGED. Someone may be intercepting the connection (a man-in-the-middle attack), or the server's key was replaced. ` +
      `It now offers ${details.keyType} ${details.fingerprint}; ${file} line ${line} holds another key. Refusing to connect. ` +
      `Only if the server's administrator confirms the new key: ssh-keygen -R ${offer.endpoint.port === 22 ? name : `'${name}'`} -f ${file}, then connect again.`,
    details,
  );
}

/** The part of /etc/ssh/ssh_host_*_key.pub that names this key type. */
function hostKeyFileKind(keyType: string): string {
  if (keyType.startsWith('ecdsa-')) return 'ecdsa';
  if (keyType === 'ssh-ed25519') return 'ed25519';
  if (keyType === 'ssh-rsa') return 'rsa';
  return '*';
}

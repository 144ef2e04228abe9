import { SshError, type HostKeyOffer, type HostKeyVerifier, type SshConnectSpec, type SshEndpoint, type SshSecretPrompts } from '../../../main/core/host/ssh/ssh-types';
import type { TestSshd } from './sshd';

export function endpointOf(sshd: Pick<TestSshd, 'host' | 'port'>, user: string): SshEndpoint {
  return { host: sshd.host, port: sshd.port, user };
}

export function specFor(
  sshd: Pick<TestSshd, 'host' | 'port'>,
  user: string,
  extra: Partial<Omit<SshConnectSpec, 'target' | 'label'>> = {},
): SshConnectSpec {
  return {
    label: `${user}@${sshd.host}:${sshd.port}`,
    target: endpointOf(sshd, user),
    jumps: [],
    identityFiles: [],
    connectTimeoutMs: 10_000,
    keepAliveIntervalMs: 5_000,
    ...extra,
  };
}

/** Accepts exactly the given fingerprints (what known_hosts would), refusing others as unknown; records every offer. */
export function trustingOnly(...fingerprints: string[]): HostKeyVerifier & { offers: HostKeyOffer[] } {
  const offers: HostKeyOffer[] = [];
  const verifier = async (offer: HostKeyOffer) => {
    offers.push(offer);
    if (!fingerprints.includes(offer.fingerprint)) {
      throw new SshError('host-key-unknown', `unknown host key ${offer.fingerprint}`, { fingerprint: offer.fingerprint, keyType: offer.keyType });
    }
  };
  return Object.assign(verifier, { offers });
}

export interface RecordingPrompts extends SshSecretPrompts {
  asked: string[];
}

/** Answers with the given secrets (or declines with `null`), recording what was asked. */
export function promptsAnswering(answers: { passphrase?: string; password?: string; sudoPassword?: string } = {}): RecordingPrompts {
  const asked: string[] = [];
  return {
    asked,
    passphrase: async (file) => {
      asked.push(`passphrase ${file}`);
      return answers.passphrase ?? null;
    },
    password: async (endpoint) => {
      asked.push(`password ${endpoint.user}`);
      return answers.password ?? null;
    },
    sudoPassword: async (_endpoint, asUser) => {
      asked.push(`sudo ${asUser}`);
      return answers.sudoPassword ?? null;
    },
  };
}

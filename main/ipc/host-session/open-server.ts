import { isSshError, openSshHost, type SshErrorCode, type SshHost } from '../../core/host/ssh';
import { CoreError } from '../../core/shared';
import { createHostKeyVerifier, resolveSshTarget, sshSecretScope, type HostKeyQuestion } from '../../core/ssh-target';
import type { AppServices } from '../services';
import { createAppSshPrompts, type AppSshPrompts, type AskAdmin } from './app-ssh-prompts';

/** SSH failures that mean "fix the input; nothing was done"; every other one is a problem. */
const UNUSABLE_INPUT: ReadonlySet<SshErrorCode> = new Set(['bad-host', 'unsupported-ssh-config', 'identity-unreadable', 'host-key-unknown', 'host-key-changed', 'host-key-revoked']);

/** An SSH failure as the IPC error the screen shows: its code, message (with the fix) and details (fingerprint, sudoers line, methods tried). */
export function sshFailure(error: unknown): unknown {
  if (!isSshError(error)) return error;
  return new CoreError(error.code, error.message, UNUSABLE_INPUT.has(error.code) ? 'unusable-input' : 'problem', { ...error.details });
}

export interface OpenServerRequest {
  /** `[user@]host[:port]` or a ~/.ssh/config alias. */
  target: string;
  identityFile?: string;
  /** Typed ProxyJump hops, used instead of ~/.ssh/config's (`none`: direct). */
  proxyJump?: string;
  serverName?: string;
  /** Asks the admin for a passphrase or password while the connection waits. */
  ask: AskAdmin;
  /** Where ~/.ssh is, and SSH_AUTH_SOCK (tests give a temp HOME). */
  home: string;
  env: NodeJS.ProcessEnv;
}

export interface OpenedServer {
  ssh: SshHost;
  label: string;
  hostKeyConfirmed: boolean;
  prompts: AppSshPrompts;
  /** Why a secret the admin asked to keep was not kept (no keychain), else null. */
  keepNote: string | null;
}

/** The native question about an unknown host key: the SHA256 fingerprint to compare, Cancel by default. */
export function askHostKeyInDialog(services: AppServices, question: HostKeyQuestion): Promise<boolean> {
  return services.dialogs.confirm({
    title: 'Trust this server?',
    message: `The authenticity of ${question.label} can't be established. Its ${question.keyType} key fingerprint is ${question.fingerprint}.`,
    detail: [
      "Compare it with the server's own (on the server: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub, or the key type shown).",
      ...(question.otherKeyTypes.length > 0 ? [`known_hosts lists other key types for this host (${question.otherKeyTypes.join(', ')}).`] : []),
      'Trusting it adds it to your known_hosts file; the app then sets up the Bitwarden install on this server.',
    ].join(' '),
    confirmLabel: 'Trust and connect',
  });
}

/**
 * Opens one SSH connection for the app: ~/.ssh/config and known_hosts read as the CLI reads them, an
 * unknown key asked in a native dialog (added to known_hosts only after a yes), a changed one refused.
 */
export async function openServer(services: AppServices, request: OpenServerRequest): Promise<OpenedServer> {
  try {
    const resolved = await resolveSshTarget(request.target, { env: request.env, home: request.home, identityFile: request.identityFile, proxyJump: request.proxyJump });
    for (const note of resolved.notes) services.log(`[ssh] ${note}`);
    let hostKeyConfirmed = false;
    const verifyHostKey = createHostKeyVerifier({
      endpoints: resolved.endpoints,
      ask: async (question) => {
        const yes = await askHostKeyInDialog(services, question);
        if (yes && question.label === resolved.spec.label) hostKeyConfirmed = true;
        return yes;
      },
      log: services.log,
    });
    const prompts = createAppSshPrompts({
      scope: sshSecretScope({ ...(request.serverName ? { name: request.serverName } : {}), label: resolved.spec.label }),
      secrets: services.secrets,
      ask: request.ask,
      log: services.log,
    });
    const hops = resolved.spec.jumps.map((hop) => `${hop.user}@${hop.host}:${hop.port}`);
    services.log(`[ssh] connecting to ${resolved.spec.label}${hops.length ? ` through ${hops.join(' → ')}` : ''}`);
    const ssh = await openSshHost({ spec: resolved.spec, verifyHostKey, prompts });
    const keepNote = await prompts.keepTyped();
    return { ssh, label: resolved.spec.label, hostKeyConfirmed, prompts, keepNote };
  } catch (error) {
    throw sshFailure(error);
  }
}

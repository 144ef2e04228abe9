import type { OpenedSecretStore } from '../core/secrets';
import { CoreError } from '../core/shared';
import type { SshSecretPrompts } from '../core/host/ssh/ssh-types';
import type { HostKeyQuestion, SshSecretKind } from '../core/ssh-target';
import { sshSecretAccount } from '../core/ssh-target';
import type { CliContext } from './cli-context';
import { canPrompt, promptHidden, promptLine } from './prompt';

export interface CliSshPromptOptions {
  context: Pick<CliContext, 'env' | 'log' | 'stdin' | 'stderr'>;
  /** `--ssh-password-env VAR`: the key passphrase or login password. */
  passwordEnv?: string;
  /** `--sudo-password-env VAR`. */
  sudoPasswordEnv?: string;
  /** Keychain scope of this server (see sshSecretScope). */
  scope: string;
  /** `--remember-ssh-secret`: keep what was typed at the prompt (or read from the variable) in the keychain once it worked. */
  remember: boolean;
  openSecrets: () => Promise<OpenedSecretStore>;
}

export interface CliSshPrompts extends SshSecretPrompts {
  /** Keeps the secrets given (prompt or variable) in the keychain, only with --remember-ssh-secret; call once they worked. */
  rememberTyped(): Promise<void>;
}

/** Reads a `--…-env VAR` variable; unset or empty is unusable input (exit 2, nothing contacted). */
export function secretFromEnv(env: NodeJS.ProcessEnv, name: string, flag: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new CoreError('secret-env-missing', `The environment variable ${name} (${flag}) is not set or empty. Nothing was contacted.`, 'unusable-input');
  }
  return value;
}

/**
 * SSH secrets for the CLI, in this order: the environment variable given for scripts, then a secret the
 * admin chose to keep in the keychain, then a no-echo prompt on a terminal; else null (declined).
 * Each source is used once per secret, so a wrong one is not offered again. Nothing is written
 * anywhere except the keychain, and only by choice.
 */
export function createCliSshPrompts(options: CliSshPromptOptions): CliSshPrompts {
  const { context } = options;
  const streams = { stdin: context.stdin, stderr: context.stderr };
  const used = new Set<string>();
  const typed = new Map<string, string>();
  let secrets: Promise<OpenedSecretStore> | undefined;
  const store = () => (secrets ??= options.openSecrets());

  const ask = async (kind: SshSecretKind, subject: string, question: string, envName: string | undefined, flag: string): Promise<string | null> => {
    const account = sshSecretAccount(options.scope, kind, subject);
    if (envName && !used.has(`env ${account}`)) {
      used.add(`env ${account}`);
      const value = secretFromEnv(context.env, envName, flag);
      typed.set(account, value);
      return value;
    }
    if (!used.has(`keychain ${account}`)) {
      used.add(`keychain ${account}`);
      const opened = await store();
      const kept = opened.persistent ? await opened.store.get(account) : null;
      if (kept) {
        context.log(`[ssh] using the ${kind === 'sudo' ? 'sudo password' : kind} kept in the OS keychain for ${subject}`);
        return kept;
      }
    }
    if (!canPrompt(streams)) return null;
    const answer = await promptHidden(question, streams);
    if (!answer) return null;
    typed.set(account, answer);
    return answer;
  };

  return {
    passphrase: (keyFile) => ask('passphrase', keyFile, `Passphrase for ${keyFile} (not shown): `, options.passwordEnv, '--ssh-password-env'),
    password: (endpoint) => ask('password', `${endpoint.user}@${endpoint.host}:${endpoint.port}`, `Password of ${endpoint.user}@${endpoint.host} (not shown): `, options.passwordEnv, '--ssh-password-env'),
    sudoPassword: (endpoint, asUser) =>
      ask('sudo', `${endpoint.user}->${asUser}`, `sudo password of ${endpoint.user} on ${endpoint.host}, to work as ${asUser} (not shown): `, options.sudoPasswordEnv, '--sudo-password-env'),
    async rememberTyped() {
      if (!options.remember || typed.size === 0) return;
      const opened = await store();
      if (!opened.persistent) {
        context.log(`[ssh] not kept: ${opened.reason}`);
        return;
      }
      for (const [account, secret] of typed) await opened.store.set(account, secret);
      context.log(`[ssh] kept ${typed.size} secret(s) in the OS keychain for ${options.scope} (sponsorship-setup servers remove clears them)`);
      typed.clear();
    },
  };
}

/** The question OpenSSH asks about an unknown host, on the terminal (stderr); true on "yes". */
export async function askHostKeyOnTerminal(context: Pick<CliContext, 'stdin' | 'stderr'>, question: HostKeyQuestion): Promise<boolean> {
  const lines = [
    `The authenticity of ${question.label} can't be established.`,
    `${question.keyType} key fingerprint is ${question.fingerprint}.`,
    ...(question.otherKeyTypes.length > 0 ? [`known_hosts lists other key types for this host (${question.otherKeyTypes.join(', ')}).`] : []),
    "Compare it with the server's own (on the server: ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub).",
    '',
  ];
  context.stderr.write(lines.join('\n'));
  const answer = await promptLine('Trust it and add it to known_hosts (yes/no)? ', { stdin: context.stdin, stderr: context.stderr });
  return /^y(es)?$/i.test(answer.trim());
}

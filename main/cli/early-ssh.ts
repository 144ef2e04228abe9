import type { SshHost, HostKeyVerifier, SshSecretPrompts } from '../core/host/ssh/ssh-types';
import type { ResolvedSshTarget } from '../core/ssh-target';
import { isAcceptHostKeyText } from './accept-host-key-text';
import { homeFolderOf } from './home-folder';

/**
 * The SSH login of a `--host` command, started before the argument parser and the command's own
 * modules load. Loading them is most of a CLI start, and the server's side of a login (forking a
 * session, the version lines, the key exchange) is mostly waiting: started first, the two overlap.
 * It stops at the server's host key until the command claims it with its own verifier and prompts:
 * no key is trusted, no login method tried and nothing asked before the command has checked its
 * options. A command that does not claim it (a usage error, another target) has it dropped unused.
 */
export interface EarlySsh {
  /** The connection for `--host TARGET [--identity FILE]`, once; null when this early one is for something else. */
  claim(wanted: EarlySshTarget): EarlySshClaim | null;
  /** Drops the connection when nobody claimed it (and lets the process end). */
  dispose(): void;
  /**
   * Settles once the login is under way (ssh2 loaded, the key exchange started) or has failed: the
   * parser loads after that, during the server's turns, instead of before the first packet.
   */
  dialing: Promise<void>;
}

export interface EarlySshClaim {
  /** The target as ~/.ssh/config resolves it; rejects as resolving would (bad-host, identity-unreadable…). */
  resolved: Promise<ResolvedSshTarget>;
  /** Lets the login go on past the host key with the command's verifier and prompts. */
  connect(verifyHostKey: HostKeyVerifier, prompts: SshSecretPrompts): Promise<SshHost>;
}

export interface EarlySshTarget {
  targetText: string;
  identityFile: string | undefined;
}

/**
 * Commands whose `--host` names the install's server and that reach it first thing. Not `sync wait`
 * or `billing-sync`: they reach the server only for its logs, maybe minutes later.
 */
const INSTALL_COMMANDS: ReadonlySet<string> = new Set(['status', 'check', 'enable-cloud', 'apply', 'restore-env', 'license', 'report']);

/**
 * What an early login would be for: `COMMAND … --host TARGET` with one --host, no --server, no help
 * or version request, and none of the mistakes the command refuses before contacting anything (no
 * or a relative --bwdata, a malformed --accept-host-key, a secret variable that is not set); null
 * otherwise (the command then connects as usual, when it gets there).
 */
export function earlySshTargetOf(argv: readonly string[], env: NodeJS.ProcessEnv): EarlySshTarget | null {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  if (!INSTALL_COMMANDS.has(words[0] ?? '')) return null;
  if (words.some((word) => ['-h', '--help', '-V', '--version', '--server'].includes(word) || word.startsWith('--server='))) return null;
  const [host, ...moreHosts] = valuesOf(words, '--host');
  const [identityFile, ...moreIdentities] = valuesOf(words, '--identity');
  const [bwdata, ...moreBwdata] = valuesOf(words, '--bwdata');
  const [acceptKey, ...moreAcceptKeys] = valuesOf(words, '--accept-host-key');
  if (!host || moreHosts.length > 0 || moreIdentities.length > 0 || moreBwdata.length > 0 || moreAcceptKeys.length > 0) return null;
  if (!bwdata?.startsWith('/')) return null;
  if (acceptKey !== undefined && !isAcceptHostKeyText(acceptKey)) return null;
  const secretVariables = [...valuesOf(words, '--ssh-password-env'), ...valuesOf(words, '--sudo-password-env')];
  if (secretVariables.some((name) => env[name] === undefined)) return null;
  return { targetText: host, identityFile };
}

function valuesOf(words: readonly string[], flag: string): string[] {
  const values: string[] = [];
  words.forEach((word, index) => {
    if (word === flag) values.push(words[index + 1] ?? '');
    else if (word.startsWith(`${flag}=`)) values.push(word.slice(flag.length + 1));
  });
  return values;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Starts the early login for `argv` when it is a `--host` command (see `earlySshTargetOf`); null otherwise. */
export function startEarlySsh(argv: readonly string[], env: NodeJS.ProcessEnv): EarlySsh | null {
  const target = earlySshTargetOf(argv, env);
  if (!target) return null;
  const verifier = deferred<HostKeyVerifier>();
  const prompts = deferred<SshSecretPrompts>();
  const dialing = deferred<void>();
  const state: EarlyState = { dropped: false, abort: () => undefined, onDialing: () => dialing.resolve() };
  const resolved = import('../core/ssh-target').then(({ resolveSshTarget }) =>
    resolveSshTarget(target.targetText, { env, home: homeFolderOf(env), identityFile: target.identityFile }),
  );
  resolved.catch(() => undefined);
  const opened = resolved.then((result) => openEarly(result, verifier.promise, prompts.promise, state));
  opened.catch(() => undefined);
  void opened.then(state.onDialing, state.onDialing);
  let claimed = false;
  let connected = false;
  return {
    dialing: dialing.promise,
    claim(wanted) {
      if (claimed || wanted.targetText !== target.targetText || wanted.identityFile !== target.identityFile) return null;
      claimed = true;
      return {
        resolved,
        connect(verifyHostKey, answer) {
          connected = true;
          verifier.resolve(verifyHostKey);
          prompts.resolve(answer);
          return opened;
        },
      };
    },
    // Claimed but never connected (the command failed in between) is dropped too.
    dispose() {
      if (connected || state.dropped) return;
      claimed = true;
      state.dropped = true;
      state.abort();
      verifier.reject(new Error('the early SSH connection was not needed'));
      void opened.then((ssh) => ssh.close(), () => undefined);
    },
  };
}

/** Dropped unclaimed: the connection ends at once, whatever stage it is in (not after its connect budget). */
interface EarlyState {
  dropped: boolean;
  abort(): void;
  onDialing(): void;
}

async function openEarly(resolved: ResolvedSshTarget, verifier: Promise<HostKeyVerifier>, prompts: Promise<SshSecretPrompts>, state: EarlyState): Promise<SshHost> {
  const { dialWithEarlySocket } = await import('../core/host/ssh/ssh-preconnect');
  if (state.dropped) throw new Error('the early SSH connection was not needed');
  return dialWithEarlySocket(
    {
      spec: resolved.spec,
      verifyHostKey: async (offer) => (await verifier)(offer),
      prompts: {
        passphrase: async (...args) => (await prompts).passphrase(...args),
        password: async (...args) => (await prompts).password(...args),
        sudoPassword: async (...args) => (await prompts).sudoPassword(...args),
      },
    },
    { opened: (socket) => (state.abort = () => socket.abort()), dropped: () => state.dropped, dialing: state.onDialing },
  );
}

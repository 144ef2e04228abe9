import { promises as fs } from 'node:fs';
import { utils, type AnyAuthMethod, type AuthHandlerMiddleware, type AuthenticationType, type ParsedKey } from 'ssh2';
import type { SshEndpoint, SshSecretPrompts } from './ssh-types';

/** Secrets the admin typed, kept in memory for this connection only so a reconnect does not ask again. */
export interface AuthSecrets {
  password?: string;
  passphrases: Map<string, string>;
}

export interface AuthPlan {
  endpoint: SshEndpoint;
  agentSocket?: string;
  identityFiles: readonly string[];
  prompts: SshSecretPrompts;
  secrets: AuthSecrets;
  /** Filled while authenticating: what was tried, in order, for the failure message. */
  methodsTried: string[];
  /** Called when a prompt or key read is about to wait on the admin (stops the connect timer). */
  onWaiting?: () => void;
}

type NextAuth = AnyAuthMethod;
/** ssh2 takes `false` to mean "no more methods"; its types omit it. */
const NO_MORE_METHODS = false as unknown as AnyAuthMethod;
/** A step that would have to ask the admin (or guess the server's methods) before the server said what it accepts. */
const NOT_YET = Symbol('not yet');
/** `null`: the server has not said which methods it accepts yet (before the first attempt). */
type Allowed = readonly AuthenticationType[] | null;
type Step = (allowed: Allowed) => Promise<NextAuth | null | typeof NOT_YET>;

const PASSPHRASE_TRIES = 3;

/**
 * ssh2's auth middleware trying, in order: the agent, each identity file (asking for a passphrase
 * when the key is encrypted), then keyboard-interactive and password with one asked password.
 * The first attempt is the agent, an unencrypted key or a key unlocked earlier, straight away: that
 * saves a round trip. Otherwise a `none` attempt first learns which methods the server accepts, so
 * nothing is asked for a method the server would refuse.
 */
export function authHandlerFor(plan: AuthPlan): AuthHandlerMiddleware {
  const steps = authSteps(plan);
  let askedServer = false;
  return (methodsLeft, _partialSuccess, callback) => {
    // ssh2 passes null until the server has refused a method it was sent: also after an agent that
    // failed here (a dead socket, no keys) or whose every key the server refused.
    const allowed: Allowed = methodsLeft ?? null;
    void nextAuth(steps, allowed).then(
      (next) => {
        if (next) return callback(next);
        if (allowed !== null || askedServer) return callback(NO_MORE_METHODS);
        askedServer = true;
        callback({ type: 'none', username: plan.endpoint.user });
      },
      () => callback(NO_MORE_METHODS),
    );
  };
}

/** The next method to try; a step that answers NOT_YET stays for when the server has said what it accepts. */
async function nextAuth(steps: Step[], allowed: Allowed): Promise<NextAuth | null> {
  while (steps.length > 0) {
    const next = await steps[0]!(allowed);
    if (next === NOT_YET) return null;
    steps.shift();
    if (next) return next;
  }
  return null;
}

/** Whether publickey may be tried: the server listed it, or has not said yet (every sshd accepts it by default). */
const mayTryPublickey = (allowed: Allowed) => allowed === null || allowed.includes('publickey');

function authSteps(plan: AuthPlan): Step[] {
  const username = plan.endpoint.user;
  const steps: Step[] = [];
  if (plan.agentSocket) {
    const agent = plan.agentSocket;
    steps.push(async (allowed) => {
      if (!mayTryPublickey(allowed)) return null;
      plan.methodsTried.push('agent');
      return { type: 'agent', username, agent };
    });
  }
  for (const file of plan.identityFiles) {
    steps.push(async (allowed) => (mayTryPublickey(allowed) ? identityFileAuth(plan, file, allowed !== null) : null));
  }
  steps.push(async (allowed) => {
    if (allowed === null) return NOT_YET;
    if (!allowed.includes('keyboard-interactive')) return null;
    const password = await askPassword(plan, 'keyboard-interactive');
    if (password === null) return null;
    return {
      type: 'keyboard-interactive',
      username,
      prompt: (_name, _instructions, _lang, questions, finish) => finish(questions.map(() => password)),
    };
  });
  steps.push(async (allowed) => {
    if (allowed === null) return NOT_YET;
    if (!allowed.includes('password')) return null;
    const password = await askPassword(plan, 'password');
    return password === null ? null : { type: 'password', username, password };
  });
  return steps;
}

async function askPassword(plan: AuthPlan, method: string): Promise<string | null> {
  if (plan.secrets.password === undefined) {
    plan.onWaiting?.();
    const answer = await plan.prompts.password(plan.endpoint);
    if (answer === null) {
      plan.methodsTried.push(`${method} (declined)`);
      return null;
    }
    plan.secrets.password = answer;
  }
  plan.methodsTried.push(method);
  return plan.secrets.password;
}

/** `mayAsk` false: an encrypted key waits (NOT_YET) until the server has said it accepts publickey. */
async function identityFileAuth(plan: AuthPlan, file: string, mayAsk: boolean): Promise<NextAuth | null | typeof NOT_YET> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch {
    plan.methodsTried.push(`publickey ${file} (unreadable)`);
    return null;
  }
  const username = plan.endpoint.user;
  const plain = utils.parseKey(data);
  if (!(plain instanceof Error)) {
    plan.methodsTried.push(`publickey ${file}`);
    return { type: 'publickey', username, key: data };
  }
  if (!/passphrase/i.test(plain.message)) {
    plan.methodsTried.push(`publickey ${file} (not a usable private key)`);
    return null;
  }
  if (!mayAsk && !plan.secrets.passphrases.has(file)) return NOT_YET;
  const unlocked = await unlockKey(plan, file, data);
  if (unlocked === null) return null;
  plan.methodsTried.push(`publickey ${file}`);
  // The key already unlocked: ssh2 would otherwise run the (slow, bcrypt) key derivation once more.
  return { type: 'publickey', username, key: unlocked };
}

async function unlockKey(plan: AuthPlan, file: string, data: Buffer): Promise<ParsedKey | null> {
  const known = plan.secrets.passphrases.get(file);
  const withKnown = known === undefined ? null : utils.parseKey(data, known);
  if (withKnown && !(withKnown instanceof Error)) return withKnown;
  for (let attempt = 0; attempt < PASSPHRASE_TRIES; attempt += 1) {
    plan.onWaiting?.();
    const answer = await plan.prompts.passphrase(file);
    if (answer === null) {
      plan.methodsTried.push(`publickey ${file} (passphrase declined)`);
      return null;
    }
    const parsed = utils.parseKey(data, answer);
    if (!(parsed instanceof Error)) {
      plan.secrets.passphrases.set(file, answer);
      return parsed;
    }
  }
  plan.methodsTried.push(`publickey ${file} (wrong passphrase)`);
  return null;
}

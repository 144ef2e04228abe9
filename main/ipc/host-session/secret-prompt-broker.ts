import { randomUUID } from 'node:crypto';
import { CoreError } from '../../core/shared';
import type { ServerSecretPrompt } from '../contracts/server-contract';

/** What the admin typed into the page's prompt: the secret (memory only) and whether to keep it in the OS keychain. */
export interface SecretAnswer {
  secret: string;
  keep: boolean;
}

/** Sends the question to the page that started the connection (the dispatcher's event sink). */
export type PromptEmitter = (prompt: ServerSecretPrompt) => void;

/** sshd's own LoginGraceTime is 120 s by default; a question left open longer is answered "no". */
export const PROMPT_TIMEOUT_MS = 110_000;

interface Pending {
  resolve(answer: SecretAnswer | null): void;
}

/**
 * Questions main asks the page while an SSH connection (or the sudo check) waits: each is an event with
 * a random id, answered by the page through one invoke channel. A question nobody answers in time, or
 * whose page went away, is declined, so the connection ends with the methods it tried.
 */
export class SecretPromptBroker {
  private readonly pending = new Map<string, Pending>();
  private emit: PromptEmitter | null = null;

  /** Questions go to this page from now on (set by each server call, so they reach the window that asked). */
  useEmitter(emit: PromptEmitter): void {
    this.emit = emit;
  }

  ask(question: Omit<ServerSecretPrompt, 'promptId'>, timeoutMs = PROMPT_TIMEOUT_MS): Promise<SecretAnswer | null> {
    const emit = this.emit;
    if (!emit) return Promise.resolve(null);
    const promptId = randomUUID();
    return new Promise<SecretAnswer | null>((resolve) => {
      const timer = setTimeout(() => settle(null), timeoutMs);
      const settle = (answer: SecretAnswer | null) => {
        clearTimeout(timer);
        this.pending.delete(promptId);
        resolve(answer);
      };
      this.pending.set(promptId, { resolve: settle });
      emit({ promptId, ...question });
    });
  }

  /** The page's answer (`null`: Cancel). An id main did not ask, or already answered, is refused. */
  answer(promptId: string, answer: SecretAnswer | null): void {
    const pending = this.pending.get(promptId);
    if (!pending) throw new CoreError('prompt-gone', 'This question is no longer open (it was answered, timed out or the connection ended). Connect again.', 'unusable-input');
    pending.resolve(answer);
  }

  /** Declines every open question (the connection was given up, the app quits). */
  declineAll(): void {
    for (const pending of [...this.pending.values()]) pending.resolve(null);
  }
}

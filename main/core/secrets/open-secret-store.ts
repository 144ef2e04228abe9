import { randomUUID } from 'node:crypto';
import { KeytarSecretStore } from './keytar-secret-store';
import { MemorySecretStore, SECRET_SERVICE_NAME, type SecretStore } from './secret-store';

export type OpenedSecretStore =
  | { store: SecretStore; persistent: true }
  /** `reason` is for the admin: the UI/CLI says secrets will be forgotten when the app closes. */
  | { store: SecretStore; persistent: false; reason: string };

export interface OpenSecretStoreOptions {
  service?: string;
  /** Budget for the probe: a locked or absent Secret Service can hang instead of failing. */
  probeTimeoutMs?: number;
  log?: (line: string) => void;
}

/**
 * Probes the keychain with a write/read/delete of a throwaway entry and falls back to memory when it
 * fails. There is deliberately no file fallback: secrets never touch the disk in plain text.
 */
export async function openSecretStore(options: OpenSecretStoreOptions = {}): Promise<OpenedSecretStore> {
  const service = options.service ?? SECRET_SERVICE_NAME;
  const log = options.log ?? (() => {});
  const keychain = new KeytarSecretStore(service);
  const probeAccount = `probe:${randomUUID()}`;
  try {
    await withTimeout(
      (async () => {
        await keychain.set(probeAccount, 'probe');
        const back = await keychain.get(probeAccount);
        await keychain.delete(probeAccount);
        if (back !== 'probe') throw new Error('the keychain did not return what was stored');
      })(),
      options.probeTimeoutMs ?? 5_000,
    );
    log('[secrets] using the OS keychain');
    return { store: keychain, persistent: true };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const reason = `The system keychain is not available (${detail}). Secrets are kept in memory only and must be entered again next time.`;
    log(`[secrets] keychain unavailable, keeping secrets in memory: ${detail}`);
    return { store: new MemorySecretStore(), persistent: false, reason };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
        timer.unref();
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

import { pbkdf2 as pbkdf2Callback } from 'node:crypto';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

const pbkdf2 = promisify(pbkdf2Callback);

/** `src/Core/KeyManagement/Kdf/KdfConstants.cs`: kdf 0 = PBKDF2-SHA256, 1 = Argon2id (memory in MiB). */
export type KdfConfig =
  | { type: 'pbkdf2'; iterations: number }
  | { type: 'argon2id'; iterations: number; memoryMiB: number; parallelism: number };

const preloginSchema = z.looseObject({
  kdf: z.number().int().optional(),
  kdfIterations: z.number().int().optional(),
  kdfMemory: z.number().int().nullable().optional(),
  kdfParallelism: z.number().int().nullable().optional(),
  kdfSettings: z
    .looseObject({
      kdfType: z.number().int(),
      iterations: z.number().int(),
      memory: z.number().int().nullable().optional(),
      parallelism: z.number().int().nullable().optional(),
    })
    .nullable()
    .optional(),
  salt: z.string().nullable().optional(),
});

export interface PreloginResult {
  kdf: KdfConfig;
  /** The server's salt when it sends one (use it instead of the e-mail: Bitwarden is separating the two). */
  salt?: string;
}

/** Reads `/accounts/prelogin`, preferring `kdfSettings` and falling back to the flat legacy fields. */
export function parsePrelogin(body: unknown): PreloginResult {
  const data = preloginSchema.parse(body);
  const type = data.kdfSettings?.kdfType ?? data.kdf;
  const iterations = data.kdfSettings?.iterations ?? data.kdfIterations;
  const memory = data.kdfSettings?.memory ?? data.kdfMemory ?? undefined;
  const parallelism = data.kdfSettings?.parallelism ?? data.kdfParallelism ?? undefined;
  if (iterations === undefined) throw new Error('prelogin answer has no KDF iterations');
  let kdf: KdfConfig;
  if (type === 0) kdf = { type: 'pbkdf2', iterations };
  else if (type === 1) {
    if (memory == null || parallelism == null) throw new Error('prelogin answer has Argon2id without memory/parallelism');
    kdf = { type: 'argon2id', iterations, memoryMiB: memory, parallelism };
  } else throw new Error(`prelogin answer has unknown KDF type ${String(type)}`);
  return { kdf, salt: data.salt || undefined };
}

/** Limits the server enforces (KdfConstants.cs); anything else would be a forged prelogin answer. */
export function checkKdfBounds(kdf: KdfConfig): void {
  if (kdf.type === 'pbkdf2') {
    // The server accepts 600k–2M for new settings; older accounts can still hold less (SDK minimum 5000).
    if (kdf.iterations < 5_000 || kdf.iterations > 2_000_000) throw new Error(`PBKDF2 iterations ${kdf.iterations} are out of range`);
    return;
  }
  if (kdf.iterations < 2 || kdf.iterations > 10) throw new Error(`Argon2id iterations ${kdf.iterations} are out of range`);
  if (kdf.memoryMiB < 15 || kdf.memoryMiB > 1024) throw new Error(`Argon2id memory ${kdf.memoryMiB} MiB is out of range`);
  if (kdf.parallelism < 1 || kdf.parallelism > 16) throw new Error(`Argon2id parallelism ${kdf.parallelism} is out of range`);
}

/**
 * The master key (bitwarden/sdk-internal `bitwarden-crypto/src/keys/kdf.rs`): PBKDF2-HMAC-SHA256 over the
 * salt, or Argon2id v0x13 over SHA-256(salt) with memory in KiB. `salt` is normally the e-mail,
 * trimmed and lower-cased by `deriveMasterPasswordHash`.
 */
export async function deriveMasterKey(password: string, salt: string, kdf: KdfConfig): Promise<Uint8Array> {
  const passwordBytes = Buffer.from(password, 'utf8');
  const saltBytes = Buffer.from(salt, 'utf8');
  if (kdf.type === 'pbkdf2') {
    // node:crypto is native and far faster than JS for 600k iterations.
    return new Uint8Array(await pbkdf2(passwordBytes, saltBytes, kdf.iterations, 32, 'sha256'));
  }
  const { argon2idAsync } = await import('@noble/hashes/argon2.js');
  const hashedSalt = createHash('sha256').update(saltBytes).digest();
  return argon2idAsync(passwordBytes, hashedSalt, {
    t: kdf.iterations,
    m: kdf.memoryMiB * 1024,
    p: kdf.parallelism,
    dkLen: 32,
    version: 0x13,
  });
}

/** `masterPasswordHash` = base64(PBKDF2-SHA256(masterKey, password, 1 iteration, 32 bytes)). */
export async function hashMasterKey(masterKey: Uint8Array, password: string): Promise<string> {
  const hash = await pbkdf2(Buffer.from(masterKey), Buffer.from(password, 'utf8'), 1, 32, 'sha256');
  return hash.toString('base64');
}

/** The value Bitwarden expects as `masterPasswordHash` for an account with this e-mail and KDF (salt = the e-mail, trimmed and lower-cased). */
export async function deriveMasterPasswordHash(password: string, email: string, kdf: KdfConfig): Promise<string> {
  return deriveMasterPasswordHashWithSalt(password, email.trim().toLowerCase(), kdf);
}

/** The same with a salt the server named (prelogin's `salt`), used exactly as given. */
export async function deriveMasterPasswordHashWithSalt(password: string, salt: string, kdf: KdfConfig): Promise<string> {
  const masterKey = await deriveMasterKey(password, salt, kdf);
  try {
    return await hashMasterKey(masterKey, password);
  } finally {
    masterKey.fill(0);
  }
}

import { describe, expect, it } from 'vitest';
import { deriveMasterKey, deriveMasterPasswordHash, parsePrelogin } from '../../../main/core/vault-api';

// Vectors from bitwarden/sdk-internal (bitwarden-crypto: keys/kdf.rs, keys/master_key.rs, util.rs).
describe('master password hashing', () => {
  it('PBKDF2 100k, e-mail salt: matches the SDK hash vector, whatever the e-mail case and spacing', async () => {
    for (const email of ['test@bitwarden.com', 'TEST@bitwarden.com', ' test@bitwarden.com ']) {
      expect(await deriveMasterPasswordHash('asdfasdf', email, { type: 'pbkdf2', iterations: 100_000 })).toBe(
        'wmyadRMyBZOH7P/a/ucTCbSghKgdzDpPqUnu/DAVtSw=',
      );
    }
  });

  it('PBKDF2 100k with salt "test_salt": matches the SDK derive_password_hash vector', async () => {
    expect(await deriveMasterPasswordHash('asdfasdf', 'test_salt', { type: 'pbkdf2', iterations: 100_000 })).toBe(
      'ZF6HjxUTSyBHsC+HXSOhZoXN+UuMnygV5YkWXCY4VmM=',
    );
  });

  it('Argon2id 4/32 MiB/2: matches the SDK hash vector', async () => {
    expect(
      await deriveMasterPasswordHash('asdfasdf', 'test_salt', { type: 'argon2id', iterations: 4, memoryMiB: 32, parallelism: 2 }),
    ).toBe('PR6UjYmjmppTYcdyTiNbAhPJuQQOmynKbdEl1oyi/iQ=');
  });

  it('master keys match the SDK kdf.rs vectors (PBKDF2 10k and Argon2id, salt SHA-256 hashed)', async () => {
    const pbkdf2 = await deriveMasterKey('67t9b5g67$%Dh89n', 'test_key', { type: 'pbkdf2', iterations: 10_000 });
    expect([...pbkdf2]).toEqual([
      31, 79, 104, 226, 150, 71, 177, 90, 194, 80, 172, 209, 17, 129, 132, 81, 138, 167, 69, 167, 254, 149, 2, 27, 39, 197, 64, 42, 22,
      195, 86, 75,
    ]);
    const argon = await deriveMasterKey('67t9b5g67$%Dh89n', 'test_key', { type: 'argon2id', iterations: 4, memoryMiB: 32, parallelism: 2 });
    expect([...argon]).toEqual([
      207, 240, 225, 177, 162, 19, 163, 76, 98, 106, 179, 175, 224, 9, 17, 240, 20, 147, 237, 47, 246, 150, 141, 184, 62, 225, 131, 242,
      51, 53, 225, 242,
    ]);
  });
});

describe('parsePrelogin', () => {
  it('prefers kdfSettings and reads Argon2id memory in MiB', () => {
    expect(
      parsePrelogin({ kdf: 0, kdfIterations: 600000, kdfSettings: { kdfType: 1, iterations: 3, memory: 64, parallelism: 4 }, salt: null }),
    ).toEqual({ kdf: { type: 'argon2id', iterations: 3, memoryMiB: 64, parallelism: 4 } });
  });
  it('falls back to the flat legacy fields', () => {
    expect(parsePrelogin({ kdf: 0, kdfIterations: 600000 })).toEqual({ kdf: { type: 'pbkdf2', iterations: 600000 } });
  });
  it('refuses an unknown KDF type', () => {
    expect(() => parsePrelogin({ kdf: 7, kdfIterations: 1 })).toThrow(/unknown KDF/);
  });
});

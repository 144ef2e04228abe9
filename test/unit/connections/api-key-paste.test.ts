import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractApiKeyPair } from '../../../main/core/connections';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'api-key-paste');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const CLIENT_ID = 'user.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const SECRET = 'FakeSecretForTests0123456789ab';

describe('extractApiKeyPair: any paste of a personal API key', () => {
  it.each(['dialog-copy.txt', 'labels-same-line.txt', 'labels-quoted.txt', 'json.json', 'env-lines.txt', 'two-values.txt', 'two-values-one-line-reversed.txt'])('%s', (name) => {
    expect(extractApiKeyPair(fixture(name))).toEqual({ ok: true, clientId: CLIENT_ID, clientSecret: SECRET, warnings: [] });
  });

  it('reads the dialog copy with Windows line endings and a BOM the same way', () => {
    expect(extractApiKeyPair(`\uFEFF${fixture('dialog-copy.txt').replace(/\n/g, '\r\n')}`)).toMatchObject({ ok: true, clientId: CLIENT_ID, clientSecret: SECRET });
  });

  it('refuses an organization key with a clear reason: the app needs a personal key', () => {
    const result = extractApiKeyPair(fixture('organization-key.txt'));
    expect(result).toMatchObject({ ok: false, code: 'organization-key' });
    if (!result.ok) {
      expect(result.reason).toMatch(/organization API key.*personal API key \(client_id user\.<id>\)/);
      expect(result.reason).not.toContain(SECRET);
    }
  });

  it('says what is missing, never echoing a secret', () => {
    expect(extractApiKeyPair(fixture('secret-missing.txt'))).toMatchObject({ ok: false, code: 'no-secret' });
    expect(extractApiKeyPair(SECRET)).toMatchObject({ ok: false, code: 'no-client-id' });
    expect(extractApiKeyPair('   \n')).toMatchObject({ ok: false, code: 'empty' });
    expect(extractApiKeyPair('x'.repeat(10_001))).toMatchObject({ ok: false, code: 'too-long' });
    expect(extractApiKeyPair(`installation.3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d ${SECRET}`)).toMatchObject({ ok: false, code: 'installation-key' });
    const two = extractApiKeyPair(`${CLIENT_ID}\nuser.00000000-1111-4222-8333-444444444444\n${SECRET}`);
    expect(two).toMatchObject({ ok: false, code: 'several-client-ids' });
    const ambiguous = extractApiKeyPair(`${CLIENT_ID}\n${SECRET}\nAnotherLongValue0123456789abcd`);
    expect(ambiguous).toMatchObject({ ok: false, code: 'several-secrets' });
    for (const result of [two, ambiguous]) if (!result.ok) expect(result.reason).not.toContain(SECRET);
  });

  it('keeps a labeled secret of an unusual shape, with a warning', () => {
    const result = extractApiKeyPair(`client_id: ${CLIENT_ID}\nclient_secret: short-secret`);
    expect(result).toMatchObject({ ok: true, clientSecret: 'short-secret' });
    if (result.ok) expect(result.warnings[0]).toMatch(/30 letters and digits; this one has 12 characters/);
  });
});

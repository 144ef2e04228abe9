import { describe, expect, it } from 'vitest';
import { isSecretLookingKey, settingsSchema } from '../../../main/core/settings';

describe('settings: sshServers', () => {
  it('keeps servers by name with host, user, port, identity file and install folder', () => {
    const server = { name: 'vault1', host: 'vault.example.com', user: 'admin', port: 2222, identityFile: '/home/a/.ssh/id_ed25519', installFolder: '/opt/bitwarden' };
    expect(settingsSchema.parse({ sshServers: [server] }).sshServers).toEqual([server]);
    expect(settingsSchema.parse({}).sshServers).toEqual([]);
  });

  it('refuses duplicate names, bad names, a relative install folder and unknown keys', () => {
    const base = { name: 'a', host: 'h' };
    expect(settingsSchema.safeParse({ sshServers: [base, base] }).success).toBe(false);
    expect(settingsSchema.safeParse({ sshServers: [{ ...base, name: 'has space' }] }).success).toBe(false);
    expect(settingsSchema.safeParse({ sshServers: [{ ...base, installFolder: 'opt/bitwarden' }] }).success).toBe(false);
    expect(settingsSchema.safeParse({ sshServers: [{ ...base, port: 0 }] }).success).toBe(false);
    expect(settingsSchema.safeParse({ sshServers: [{ ...base, comment: 'x' }] }).success).toBe(false);
  });

  it('refuses a passphrase (or password) anywhere, by its key name', () => {
    for (const key of ['passphrase', 'keyPassphrase', 'sudo_password', 'sshPassword']) expect(isSecretLookingKey(key), key).toBe(true);
    const parsed = settingsSchema.safeParse({ sshServers: [{ name: 'a', host: 'h', passphrase: 'x' }] });
    expect(parsed.success).toBe(false);
    const wizard = settingsSchema.safeParse({ wizard: { values: { keyPassphrase: 'x' } } });
    expect(wizard.success).toBe(false);
    expect(JSON.stringify(wizard.error?.issues)).toContain('must not hold secrets');
  });
});

import { describe, expect, it } from 'vitest';
import { diffEnvText, redactEnvLine } from '../../../main/core/env-file';
import { redactUrlCredentials } from '../../../main/core/shared';

const PASSWORD = 'Pr0xyPa55';

describe('redactUrlCredentials (the one URL-credential redactor)', () => {
  it.each([
    [`+HTTPS_PROXY=http://alice:${PASSWORD}@proxy:3128`, '+HTTPS_PROXY=http://***@proxy:3128'],
    [`see https://u:${PASSWORD}@vault.example.com/api now`, 'see https://***@vault.example.com/api now'],
    [`socks5://bob:${PASSWORD}@h:1080`, 'socks5://***@h:1080'],
    // An unencoded @ or / in the password must not leave part of it visible.
    [`http://carol:pa@${PASSWORD}@proxy:3128`, 'http://***@proxy:3128'],
    [`http://dave:x/${PASSWORD}@proxy:3128`, 'http://***@proxy:3128'],
    ['http://proxy.corp:3128 and no credentials', 'http://proxy.corp:3128 and no credentials'],
  ])('%s', (input, expected) => {
    expect(redactUrlCredentials(input)).toBe(expected);
  });

  it('redacts a proxy written without a scheme only when told the value is a proxy', () => {
    expect(redactUrlCredentials(`erin:${PASSWORD}@proxy:3128`, { schemeless: true })).toBe('***@proxy:3128');
    expect(redactUrlCredentials('admin@example.com')).toBe('admin@example.com');
  });

  it('offers a placeholder for copyable commands', () => {
    expect(redactUrlCredentials(`http://a:${PASSWORD}@proxy:3128`, { placeholder: 'USER:PASSWORD' })).toBe('http://USER:PASSWORD@proxy:3128');
  });
});

describe('env lines and diffs never show a proxy password', () => {
  it.each(['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'https_proxy', 'globalSettings__someUri'])('%s in a diff (changed and context lines)', (key) => {
    const before = `${key}=http://user:${PASSWORD}@proxy:3128\nA=1\n`;
    const after = `${key}=http://user:${PASSWORD}@proxy:3128\nA=2\n`;
    const diff = diffEnvText(before, after);
    expect(diff).toContain('A=2');
    expect(diff).not.toContain(PASSWORD);
  });

  it('a schemeless proxy value and a quoted one', () => {
    expect(redactEnvLine(`HTTPS_PROXY=user:${PASSWORD}@proxy:3128`)).toBe('HTTPS_PROXY=***@proxy:3128');
    expect(redactEnvLine(`HTTPS_PROXY="http://user:${PASSWORD}@proxy:3128"`)).toBe('HTTPS_PROXY="http://***@proxy:3128"');
    expect(redactEnvLine(`+ curl -x http://u:${PASSWORD}@p:3128 https://api.bitwarden.com`)).not.toContain(PASSWORD);
  });
});

import { shell } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isAllowedExternalUrl, openExternalSafely } from '../../../main/electron/external-links';

describe('the one external-link opener', () => {
  beforeEach(() => vi.mocked(shell.openExternal).mockReset());

  it.each([
    ['https://vault.bitwarden.com/#/organizations', true],
    ['https://vault.example.com/admin', true],
    ['http://vault.bitwarden.com', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['https://user:pass@vault.bitwarden.com', false],
    ['bitwarden://something', false],
    ['not a url', false],
  ])('%s → allowed %s', (url, allowed) => {
    expect(isAllowedExternalUrl(url)).toBe(allowed);
  });

  it('opens https links and logs and refuses others', async () => {
    const lines: string[] = [];
    expect(await openExternalSafely('https://bitwarden.com/help/', (line) => lines.push(line))).toBe(true);
    expect(await openExternalSafely('file:///etc/shadow', (line) => lines.push(line))).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).toHaveBeenCalledWith('https://bitwarden.com/help/');
    expect(lines).toEqual(['[links] blocked external URL: file:///etc/shadow']);
  });
});

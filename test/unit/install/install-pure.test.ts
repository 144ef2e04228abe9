import { describe, expect, it } from 'vitest';
import { locateInstall, readInstallStatus, statusCommandFor } from '../../../main/core/install';
import { regionOfUri } from '../../../main/core/install/cloud-settings';
import { createFakeHost } from './fake-host';

describe('regionOfUri', () => {
  it('maps bitwarden.com and bitwarden.eu hosts, nothing else', () => {
    expect(regionOfUri('https://identity.bitwarden.com')).toBe('US');
    expect(regionOfUri('https://api.bitwarden.eu/')).toBe('EU');
    expect(regionOfUri('https://bitwarden.eu.evil.example')).toBeNull();
    expect(regionOfUri('REPLACE')).toBeNull();
  });
});

describe('statusCommandFor', () => {
  it('quotes paths a shell would split', () => {
    expect(statusCommandFor('/opt/bitwarden/bwdata')).toBe('sponsorship-setup status --bwdata /opt/bitwarden/bwdata');
    expect(statusCommandFor("/opt/my bw/it's")).toBe(`sponsorship-setup status --bwdata '/opt/my bw/it'\\''s'`);
  });
});

describe('locateInstall on a Windows host', () => {
  const host = createFakeHost({
    platform: 'win32',
    folders: ['C:\\Bitwarden', 'C:\\Bitwarden\\bwdata', 'C:\\Bitwarden\\bwdata\\env'],
    files: {
      'C:\\Bitwarden\\bitwarden.ps1': '',
      'C:\\Bitwarden\\bwdata\\env\\global.override.env': 'globalSettings__baseServiceUri__cloudRegion=eu\r\n',
    },
  });

  it('uses Windows paths and bitwarden.ps1, from the install folder or bwdata', async () => {
    const expected = {
      installRoot: 'C:\\Bitwarden',
      bwdataPath: 'C:\\Bitwarden\\bwdata',
      envFilePath: 'C:\\Bitwarden\\bwdata\\env\\global.override.env',
      scriptPath: 'C:\\Bitwarden\\bitwarden.ps1',
    };
    expect(await locateInstall(host, 'C:\\Bitwarden')).toEqual(expected);
    expect(await locateInstall(host, 'C:\\Bitwarden\\bwdata')).toEqual(expected);
  });

  it('reads the region case-insensitively', async () => {
    expect((await readInstallStatus(host, 'C:\\Bitwarden')).cloudRegion).toBe('EU');
  });
});

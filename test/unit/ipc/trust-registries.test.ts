import { describe, expect, it, vi } from 'vitest';
import { DOCS_LINK_ID, HandleRegistry, LinkRegistry } from '../../../main/ipc/trust';

describe('handle registry', () => {
  it('issues unguessable ids for files, one per path and purpose, and refuses any other id or purpose', () => {
    const handles = new HandleRegistry();
    const license = handles.issueFile('/home/admin/Downloads/license.json', 'license', 'dialog');
    expect(license).toEqual({ fileId: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'license.json' });
    expect(handles.issueFile('/home/admin/Downloads/../Downloads/license.json', 'license', 'drop').fileId).toBe(license.fileId);
    expect(handles.filePath(license.fileId, 'license')).toBe('/home/admin/Downloads/license.json');
    expect(() => handles.filePath(license.fileId, 'ca')).toThrow(expect.objectContaining({ code: 'unknown-file' }));
    expect(() => handles.filePath('6f1c9a52-4b0e-4d7c-9a3e-1f2b3c4d5e6f', 'license')).toThrow(expect.objectContaining({ code: 'unknown-file' }));
    const ca = handles.issueFile('/home/admin/Downloads/license.json', 'ca', 'dialog');
    expect(ca.fileId).not.toBe(license.fileId);
  });

  it('a typed install is read freely; writing or running it asks once, and a no changes nothing', async () => {
    const handles = new HandleRegistry();
    const typed = handles.issueInstall('/srv/typed', false);
    const confirm = vi.fn(async () => false);
    expect(await handles.installFolder(typed.installId, 'read', confirm)).toBe('/srv/typed');
    expect(confirm).not.toHaveBeenCalled();
    await expect(handles.installFolder(typed.installId, 'run', confirm)).rejects.toMatchObject({ code: 'install-not-confirmed' });
    expect(handles.confirmedInstalls()).toEqual([]);
    confirm.mockResolvedValueOnce(true);
    expect(await handles.installFolder(typed.installId, 'write', confirm)).toBe('/srv/typed');
    expect(await handles.installFolder(typed.installId, 'run', confirm)).toBe('/srv/typed');
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(confirm.mock.calls).toEqual([['/srv/typed', 'run'], ['/srv/typed', 'write']]);
    expect(handles.confirmedInstalls()).toEqual(['/srv/typed']);
  });

  it('install handles belong to the host they were issued on: refused on another, honoured again on the same one', () => {
    const handles = new HandleRegistry();
    const local = handles.issueInstall('/opt/bitwarden', true);
    handles.useHost('ssh:admin@vault.example.org');
    const remote = handles.issueInstall('/opt/bitwarden', true);
    expect(remote.installId).not.toBe(local.installId);
    expect(() => handles.installHandle(local.installId)).toThrow(expect.objectContaining({ code: 'install-on-other-host' }));
    expect(handles.installHandle(remote.installId).folder).toBe('/opt/bitwarden');
    expect(handles.confirmedInstalls()).toEqual(['/opt/bitwarden']);
    handles.useHost('local');
    expect(() => handles.installHandle(remote.installId)).toThrow(expect.objectContaining({ code: 'install-on-other-host' }));
    expect(handles.installHandle(local.installId).installId).toBe(local.installId);
  });

  it('a folder chosen in the dialog needs no question, and choosing a typed folder confirms its handle', async () => {
    const handles = new HandleRegistry();
    const typed = handles.issueInstall('/opt/bitwarden', false);
    const picked = handles.issueInstall('/opt/bitwarden', true);
    expect(picked).toEqual({ installId: typed.installId, folder: '/opt/bitwarden', confirmed: true });
    const confirm = vi.fn(async () => false);
    expect(await handles.installFolder(typed.installId, 'run', confirm)).toBe('/opt/bitwarden');
    expect(confirm).not.toHaveBeenCalled();
    await expect(handles.installFolder('not-issued', 'read', confirm)).rejects.toMatchObject({ code: 'unknown-install' });
  });
});

describe('link registry', () => {
  it('opens only URLs main registered, by id; never http, credentials or other schemes', () => {
    const links = new LinkRegistry();
    const id = links.register('https://vault.bitwarden.eu/#/organizations/x/billing/subscription');
    expect(links.url(id)).toBe('https://vault.bitwarden.eu/#/organizations/x/billing/subscription');
    expect(links.register('https://vault.bitwarden.eu/#/organizations/x/billing/subscription')).toBe(id);
    expect(links.url(DOCS_LINK_ID)).toBe('https://bitwarden.com/help/');
    expect(links.url('https://vault.bitwarden.eu/')).toBeNull();
    expect(links.url('6f1c9a52-4b0e-4d7c-9a3e-1f2b3c4d5e6f')).toBeNull();
    for (const url of ['http://vault.example.test/', 'https://user:pw@vault.example.test/', 'file:///etc/passwd', 'javascript:alert(1)']) {
      expect(() => links.register(url), url).toThrow();
    }
  });
});

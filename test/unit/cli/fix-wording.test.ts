import { describe, expect, it } from 'vitest';
import { withCliFix, withRemoteHint } from '../../../main/cli/fix-wording';
import { CoreError } from '../../../main/core/shared';

describe('the CLI words core fixes itself', () => {
  it('names the flag to run again with', () => {
    const worded = withCliFix(new CoreError('output-exists', 'x.json already exists. Choose another file name, or replace it.', 'unusable-input', { path: 'x.json' }, { flag: '--overwrite' }));
    expect(worded).toBeInstanceOf(CoreError);
    expect((worded as CoreError).message).toBe('x.json already exists. Choose another file name, or replace it. (run again with --overwrite)');
    expect((worded as CoreError).outcome).toBe('unusable-input');
    expect((worded as CoreError).details).toEqual({ path: 'x.json' });
  });

  it('names the region command with the installation ID, once', () => {
    const error = new CoreError('license-download-failed', 'The cloud did not issue the license.', 'problem', undefined, { command: 'license region', step: 'license' });
    const once = withCliFix(error, { installationId: '7d6f3c8e-1111-4a2b-9c3d-123456789abc' }) as CoreError;
    expect(once.message).toContain('`sponsorship-setup license region --installation-id 7d6f3c8e-1111-4a2b-9c3d-123456789abc`');
    expect((withCliFix(once) as CoreError).message).toBe(once.message);
  });

  it('permission denied: names the command line that failed to run again as the owner, in the message and as `command`', () => {
    const error = new CoreError('permission-denied', 'Permission denied on /opt/bw/bwdata/env/global.override.env.', 'unusable-input', { path: 'x', command: 'sponsorship-setup status --bwdata /opt/bw/bwdata' }, {
      runAsOwner: true,
      command: 'status --bwdata /opt/bw/bwdata',
    });
    const line = 'sponsorship-setup enable-cloud --bwdata /opt/bw --json';
    const worded = withCliFix(error, { commandLine: line }) as CoreError;
    expect(worded.message).toBe(`Permission denied on /opt/bw/bwdata/env/global.override.env. Run the CLI as the user that owns bwdata, or with sudo: ${line}`);
    expect(worded.details).toEqual({ path: 'x', command: line });
    expect(worded.outcome).toBe('unusable-input');
    // Without the command line (not from the CLI's parser), core's own command is named.
    expect((withCliFix(error) as CoreError).message).toContain('or with sudo: sponsorship-setup status --bwdata /opt/bw/bwdata');
  });

  it('leaves errors without a fix, and non-core errors, as they are', () => {
    const plain = new CoreError('other', 'Something.');
    expect(withCliFix(plain)).toBe(plain);
    const bug = new Error('bug');
    expect(withCliFix(bug)).toBe(bug);
  });

  it('a permission error on a remote install: the command keeps --host (or --server), the advice is about the SSH login', () => {
    const error = new CoreError('permission-denied', 'Permission denied on /opt/bitwarden/bwdata/env/global.override.env.', 'unusable-input', { path: '/opt/bitwarden/bwdata/env/global.override.env' }, {
      runAsOwner: true,
      command: 'status --bwdata /opt/bitwarden',
    });
    const byHost = withCliFix(withRemoteHint(error, { flags: ['--host', 'admin@vault.example.org:2222'], login: 'admin' })) as CoreError;
    expect(byHost.details?.['command']).toBe('sponsorship-setup status --host admin@vault.example.org:2222 --bwdata /opt/bitwarden');
    expect(byHost.message).toContain('The SSH login admin may not do this on the server.');
    expect(byHost.message).toContain('sponsorship-setup status --host admin@vault.example.org:2222 --bwdata /opt/bitwarden');
    expect(byHost.message).not.toContain('with sudo:');
    expect(byHost.outcome).toBe('unusable-input');
    const byName = withCliFix(withRemoteHint(error, { flags: ['--server', 'office vault'], login: 'admin' })) as CoreError;
    expect(byName.details?.['command']).toBe("sponsorship-setup status --server 'office vault' --bwdata /opt/bitwarden");
    // The command line the admin typed wins: it already names the server.
    const typed = 'sponsorship-setup enable-cloud --host admin@vault.example.org:2222 --bwdata /opt/bitwarden';
    const again = withCliFix(withRemoteHint(error, { flags: ['--host', 'admin@vault.example.org:2222'], login: 'admin' }), { commandLine: typed }) as CoreError;
    expect(again.details?.['command']).toBe(typed);
    const other = new CoreError('not-found', 'x');
    expect(withRemoteHint(other, { flags: ['--host', 'h'], login: 'admin' })).toBe(other);
  });
});

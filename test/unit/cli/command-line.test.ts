import { describe, expect, it } from 'vitest';
import { commandLineOf } from '../../../main/cli/program';

describe('the command line named in a fix', () => {
  it('hides proxy credentials, with or without a scheme, and leaves the rest as typed', () => {
    const line = commandLineOf(['check', '--proxy', 'alice:s3cret@127.0.0.1:3128', '--bwdata', '/opt/bw', '--json'])!;
    expect(line).not.toContain('s3cret');
    expect(line).toBe("sponsorship-setup check --proxy '***@127.0.0.1:3128' --bwdata /opt/bw --json");
    expect(commandLineOf(['check', '--proxy=http://alice:s3cret@proxy:3128'])).toBe("sponsorship-setup check '--proxy=http://***@proxy:3128'");
    expect(commandLineOf(['check', '--proxy=alice:s3cret@proxy:3128'])).not.toContain('s3cret');
    // An SSH target is not a credential: user@host stays.
    expect(commandLineOf(['status', '--host', 'admin@vault.example.org', '--bwdata', '/opt/bitwarden'])).toBe('sponsorship-setup status --host admin@vault.example.org --bwdata /opt/bitwarden');
    expect(commandLineOf([])).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { withAttachHint } from '../../../main/cli/commands/apply-attach';
import { CoreError } from '../../../main/core/shared';

describe('withAttachHint', () => {
  const options = { host: 'admin@vault.example.com', bwdata: '/opt/bitwarden' };

  it('ends a link lost during a recorded run with the exact command that attaches to it', () => {
    const lost = new CoreError('connection-lost', 'lost the connection to admin@vault.example.com during a run. The run goes on on the server (it was still running when the link was lost); its output is in /home/bitwarden/.local/state/sponsorship-setup/runs/20261201-221503-Ab12Cd/log', 'problem', { runId: '20261201-221503-Ab12Cd' });
    const hinted = withAttachHint(lost, options) as CoreError;
    expect(hinted.code).toBe('connection-lost');
    expect(hinted.outcome).toBe('problem');
    expect(hinted.message).toMatch(/still running when the link was lost.*To follow it: sponsorship-setup apply --attach 20261201-221503-Ab12Cd --host admin@vault\.example\.com --bwdata \/opt\/bitwarden$/);
    expect(hinted.details).toMatchObject({ attachCommand: 'sponsorship-setup apply --attach 20261201-221503-Ab12Cd --host admin@vault.example.com --bwdata /opt/bitwarden' });
  });

  it('leaves other errors, and a lost link without a recorded run, as they are', () => {
    const plain = new CoreError('connection-lost', 'the connection dropped while reading', 'problem');
    expect(withAttachHint(plain, options)).toBe(plain);
    const other = new CoreError('busy', 'held', 'problem', { runId: 'x' });
    expect(withAttachHint(other, options)).toBe(other);
  });
});

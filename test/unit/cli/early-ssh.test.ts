import { describe, expect, it } from 'vitest';
import { earlySshTargetOf } from '../../../main/cli/early-ssh';

describe('which command lines start their SSH login before the parser loads', () => {
  it('a command that reaches the install first thing, with one --host (either spelling) and its --identity', () => {
    expect(earlySshTargetOf(['status', '--host', 'admin@vault:2222', '--bwdata', '/opt/bitwarden', '--json'])).toEqual({ targetText: 'admin@vault:2222', identityFile: undefined });
    expect(earlySshTargetOf(['apply', '--bwdata', '/opt/bitwarden', '--host=vault', '--identity', '/keys/id'])).toEqual({ targetText: 'vault', identityFile: '/keys/id' });
    expect(earlySshTargetOf(['license', 'upload', '--host', 'vault', '--identity=/keys/id'])).toEqual({ targetText: 'vault', identityFile: '/keys/id' });
  });

  it('nothing for a saved server, help, version, two --host, an empty one, or words after --', () => {
    expect(earlySshTargetOf(['status', '--server', 'prod', '--bwdata', '/opt/bitwarden'])).toBeNull();
    expect(earlySshTargetOf(['status', '--host', 'vault', '--server=prod'])).toBeNull();
    expect(earlySshTargetOf(['status', '--host', 'vault', '--help'])).toBeNull();
    expect(earlySshTargetOf(['status', '-h', '--host', 'vault'])).toBeNull();
    expect(earlySshTargetOf(['status', '--host', 'a', '--host', 'b'])).toBeNull();
    expect(earlySshTargetOf(['status', '--host'])).toBeNull();
    expect(earlySshTargetOf(['status', '--identity', 'a', '--identity', 'b', '--host', 'vault'])).toBeNull();
    expect(earlySshTargetOf(['status', '--', '--host', 'vault'])).toBeNull();
  });

  it('nothing for commands that reach the server late or not at all', () => {
    expect(earlySshTargetOf(['sync', 'wait', '--host', 'vault', '--bwdata', '/opt/bitwarden'])).toBeNull();
    expect(earlySshTargetOf(['billing-sync', 'status', '--host', 'vault'])).toBeNull();
    expect(earlySshTargetOf(['whoami', '--host', 'vault', '--route', 'server'])).toBeNull();
    expect(earlySshTargetOf(['servers', 'add', 'prod', '--host', 'vault'])).toBeNull();
    expect(earlySshTargetOf(['--host', 'vault', 'status'])).toBeNull();
    expect(earlySshTargetOf([])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { earlySshTargetOf } from '../../../main/cli/early-ssh';

const ENV = { SET_SECRET: 'x' };
const of = (...argv: string[]) => earlySshTargetOf(argv, ENV);

describe('which command lines start their SSH login before the parser loads', () => {
  it('a command that reaches the install first thing, with one --host (either spelling) and its --identity', () => {
    expect(of('status', '--host', 'admin@vault:2222', '--bwdata', '/opt/bitwarden', '--json')).toEqual({ targetText: 'admin@vault:2222', identityFile: undefined });
    expect(of('apply', '--bwdata', '/opt/bitwarden', '--host=vault', '--identity', '/keys/id')).toEqual({ targetText: 'vault', identityFile: '/keys/id' });
    expect(of('license', 'upload', '--host', 'vault', '--identity=/keys/id', '--bwdata=/opt/bitwarden')).toEqual({ targetText: 'vault', identityFile: '/keys/id' });
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--ssh-password-env', 'SET_SECRET', '--accept-host-key', `SHA256:${'A'.repeat(43)}`)).not.toBeNull();
  });

  it('nothing for a saved server, help, version, two --host, an empty one, or words after --', () => {
    expect(of('status', '--server', 'prod', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--server=prod')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--help')).toBeNull();
    expect(of('status', '-h', '--host', 'vault', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('status', '--host', 'a', '--host', 'b', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('status', '--bwdata', '/opt/bitwarden', '--host')).toBeNull();
    expect(of('status', '--identity', 'a', '--identity', 'b', '--host', 'vault', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('status', '--bwdata', '/opt/bitwarden', '--', '--host', 'vault')).toBeNull();
  });

  it('nothing for the mistakes the command refuses before contacting anything', () => {
    expect(of('status', '--host', 'vault')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', 'opt/bitwarden')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--accept-host-key', 'SHA256:short')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--ssh-password-env', 'UNSET_SECRET')).toBeNull();
    expect(of('status', '--host', 'vault', '--bwdata', '/opt/bitwarden', '--sudo-password-env=UNSET_SECRET')).toBeNull();
  });

  it('nothing for commands that reach the server late or not at all', () => {
    expect(of('sync', 'wait', '--host', 'vault', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('billing-sync', 'status', '--host', 'vault', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of('whoami', '--host', 'vault', '--route', 'server')).toBeNull();
    expect(of('servers', 'add', 'prod', '--host', 'vault')).toBeNull();
    expect(of('--host', 'vault', 'status', '--bwdata', '/opt/bitwarden')).toBeNull();
    expect(of()).toBeNull();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { ensureCliBuilt, runCliInProcess, runCliProcess } from '../../support/run-cli';
import { createTempInstall } from '../../support/temp-install';

describe('sponsorship-setup CLI frame', () => {
  beforeAll(() => ensureCliBuilt());

  it('--help prints usage with the exit-code contract and exits 0', async () => {
    const run = await runCliProcess(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: sponsorship-setup');
    expect(run.stdout).toContain('status');
    expect(run.stdout).toMatch(/Exit codes: 0 .*1 .*2/s);
  });

  it('--version prints the package version', async () => {
    const run = await runCliProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a usage error exits 2 and prints nothing on stdout', async () => {
    for (const args of [['no-such-command'], ['status'], ['status', '--bwdata']]) {
      const run = await runCliProcess(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/error/);
    }
  });

  it('a usage error with --json exits 2 and still puts exactly one JSON document on stdout', async () => {
    for (const args of [
      ['status', '--json'],
      ['apply', '--bwdata', '/nonexistent', '--method', 'bogus', '--json'],
      ['billing-sync', 'save', '--org', '11111111-2222-3333-4444-555555555555', '--cloud-org', '11111111-2222-3333-4444-555555555555', '--token-stdin', '--json'],
    ]) {
      const run = await runCliProcess(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(JSON.parse(run.stdout), args.join(' ')).toMatchObject({ ok: false, error: { code: 'usage', message: expect.any(String) } });
      expect(run.stderr).toMatch(/error/);
    }
  });

  // In-process (runCli with its own streams): this is about the help text, not the process.
  it('--help names organization ids the same way everywhere', async () => {
    const helps = [];
    for (const command of [['billing-sync', 'token'], ['billing-sync', 'save'], ['billing-sync', 'status'], ['sync', 'wait'], ['report'], ['license', 'download'], ['license', 'upload']]) {
      helps.push(await runCliInProcess([...command, '--help']));
    }
    for (const help of helps) {
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: sponsorship-setup');
      for (const placeholder of help.stdout.match(/--(?:cloud-)?org <[^>]+>/g) ?? []) expect(placeholder).toMatch(/<(cloud|self-hosted)-org-id>$/);
    }
  });

  it('--help of --host fits the command: a path on the server where --bwdata exists, the API route where it does not', async () => {
    // Commander wraps help to the terminal width; compare with the line breaks folded.
    const helpOf = async (command: string[]) => (await runCliInProcess([...command, '--help'])).stdout.replace(/\s+/g, ' ');
    const status = await helpOf(['status']);
    expect(status).toContain('--host <target> the server over SSH: [user@]host[:port] or a Host alias from ~/.ssh/config (--bwdata is then a path on the server)');
    expect(status).toContain('--sudo-password-env <var>');
    for (const command of [['whoami'], ['login', 'self'], ['billing-sync', 'verify']]) {
      const help = await helpOf(command);
      expect(help, command.join(' ')).toContain('--host <target> with --route server: the server over SSH that API calls go through');
      expect(help, command.join(' ')).toContain('--server <name> with --route server: a server saved with `servers add` for API calls to go through');
      expect(help, command.join(' ')).not.toContain('--bwdata');
      // Forwarding needs no sudo: still accepted, not offered.
      expect(help, command.join(' ')).not.toContain('--sudo-password-env');
    }
    const hidden = await runCliInProcess(['whoami', '--sudo-password-env', 'SUDO_PW', '--json']);
    expect(hidden.code).toBe(2);
    expect(JSON.parse(hidden.stdout).error).toMatchObject({ code: 'invalid-arguments', message: '--sudo-password-env only goes with --host or --server.' });
  });

  it('unusable input exits 2 and --json still puts exactly one JSON document on stdout', async () => {
    const run = await runCliProcess(['status', '--bwdata', '/nonexistent/bitwarden', '--json']);
    expect(run.code).toBe(2);
    const document = JSON.parse(run.stdout);
    expect(document).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('status --json reads a real install and exits 0 even with findings', async () => {
    const install = await createTempInstall({
      envContent: 'globalSettings__installation__id=11111111-2222-3333-4444-555555555555\nglobalSettings__baseServiceUri__cloudRegion=US\n',
    });
    try {
      const run = await runCliInProcess(['status', '--bwdata', install.root, '--json']);
      expect(run.code).toBe(0);
      const status = JSON.parse(run.stdout);
      expect(status).toMatchObject({
        installationId: '11111111-2222-3333-4444-555555555555',
        cloudRegion: 'US',
        cloudCommunication: false,
        vaultUrl: null,
      });
      expect(status.problems.map((problem: { code: string }) => problem.code)).toContain('cloud-communication-off');
    } finally {
      await install.dispose();
    }
  });
});

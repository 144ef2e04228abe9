import { Command, CommanderError } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { createCliContext } from '../../../main/cli/cli-context';
import { addRouteOption, addRouteWithHostOptions, apiRouteChoiceOf, parseRoute } from '../../../main/cli/route-options';

const context = createCliContext(false);

function parse(args: string[], withHostOptions: boolean): Record<string, unknown> {
  const bare = new Command('x').exitOverride().configureOutput({ writeErr: () => {} });
  const command = withHostOptions ? addRouteWithHostOptions(bare) : addRouteOption(bare);
  command.parse(args, { from: 'user' });
  return command.opts();
}

describe('--route', () => {
  it('accepts the three routes, in any case, and refuses anything else as a usage error', () => {
    expect(parseRoute('direct')).toBe('direct');
    expect(parseRoute(' System-Proxy ')).toBe('system-proxy');
    expect(parseRoute('SERVER')).toBe('server');
    expect(() => parse(['--route', 'proxy'], false)).toThrow(CommanderError);
    expect(() => parse(['--route', 'proxy'], false)).toThrow(/choose direct, system-proxy, server/);
  });

  it('adds --host and --server only where the command has none of its own, and there only for --route server', () => {
    expect(parse(['--route', 'server', '--host', 'admin@bw1'], true)).toMatchObject({ route: 'server', host: 'admin@bw1' });
    expect(() => parse(['--host', 'admin@bw1'], false)).toThrow(/unknown option '--host'/);
    const command = addRouteWithHostOptions(new Command('whoami'));
    expect(() => apiRouteChoiceOf({ host: 'admin@bw1' }, context, command)).toThrow(expect.objectContaining({ code: 'invalid-arguments', message: expect.stringContaining('goes with --route server') }));
    expect(() => apiRouteChoiceOf({ server: 'bw1', route: 'direct' }, context, command)).toThrow(expect.objectContaining({ outcome: 'unusable-input' }));
    expect(apiRouteChoiceOf({ host: 'admin@bw1', route: 'server' }, context, command).route).toBe('server');
  });

  it('needs --host or --server for the server route (exit 2), and opens the server only when asked', () => {
    expect(() => apiRouteChoiceOf({ route: 'server' }, context)).toThrow(expect.objectContaining({ code: 'invalid-arguments', outcome: 'unusable-input' }));
    expect(apiRouteChoiceOf({ route: 'server', host: 'admin@bw1' }, context)).toEqual({ route: 'server', openServer: expect.any(Function) });
    expect(apiRouteChoiceOf({ route: 'system-proxy' }, context)).toEqual({ route: 'system-proxy' });
    expect(apiRouteChoiceOf({}, context)).toEqual({});
    // A command that reads an install from --server may also use it for a saved server route.
    expect(apiRouteChoiceOf({ server: 'bw1' }, context).openServer).toBeTypeOf('function');
  });
});

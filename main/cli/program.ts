import { Command, CommanderError, Option, type OptionValues } from '@commander-js/extra-typings';
import { redactUrlCredentials, shellQuote } from '../core/shared';
import { createCliContext, processIo, reportFailure, type CliContext, type CliIo, type ExitCode } from './cli-context';
import type { CliServiceOverrides } from './cli-services';
import type { EarlySsh } from './early-ssh';
import { refuseEmptyValues } from './option-values';
import { apiRouteChoiceOf, type RouteOptions } from './route-options';
import { registerCommands } from './commands';
import { withCliFix } from './fix-wording';

declare const __APP_VERSION__: string;

export const USAGE_ERROR: ExitCode = 2;

/** A command as commander's typings infer it from its definition (options, arguments). */
export type AnyCommand = Command<any[], OptionValues, OptionValues>;

/** The options and arguments a command's definition declares, as commander will hand them over. */
export type OptionsOf<C extends AnyCommand> = ReturnType<C['opts']>;
export type ArgsOf<C extends AnyCommand> = C['processedArgs'];

/** What every command's action receives: the options and arguments its definition declares. */
export type CommandAction<C extends AnyCommand> = (options: OptionsOf<C>, context: CliContext, args: ArgsOf<C>) => Promise<ExitCode>;

/** A command's run module: loaded only when that command runs, so `--help` loads no core capability. */
export interface RunModule<C extends AnyCommand> {
  run: CommandAction<C>;
}

export interface ProgramHooks {
  /** Set by `run` so commands can report their exit code without calling process.exit mid-stream. */
  setExitCode(code: ExitCode): void;
  /** The arguments the CLI was started with, to name the very command in a permission-denied hint. */
  argv?: readonly string[];
  /** Replacements for the services commands build (in-process tests only). */
  services?: CliServiceOverrides;
  /** Where commands read and write; the process's streams unless a test passes its own. */
  io?: CliIo;
  /** The `--host` login the entry started before this parser loaded (the installed command only). */
  earlySsh?: EarlySsh;
}

/**
 * Adds the error-to-exit-code mapping to a command whose action lives in its own run module
 * (`load` is that module's one dynamic import).
 */
export function defineAction<C extends AnyCommand>(command: C, hooks: ProgramHooks, load: () => Promise<RunModule<C>>): C {
  return command.action(async (...received: unknown[]) => {
    // Commander passes the processed arguments, then the options object, then the command.
    const options = command.opts() as OptionsOf<C> & { json?: boolean };
    const args = command.processedArgs as ArgsOf<C>;
    const context = createCliContext(Boolean(options.json), hooks.io, hooks.services);
    context.earlySsh = hooks.earlySsh;
    try {
      refuseEmptyValues(command, options, received.slice(0, -2).flat() as (string | undefined)[]);
      context.apiRoute = apiRouteChoiceOf(options as RouteOptions, context, command);
      hooks.setExitCode(await (await load()).run(options, context, args));
    } catch (error) {
      hooks.setExitCode(reportFailure(context, withCliFix(error, { commandLine: commandLineOf(hooks.argv) })));
    }
  }) as C;
}

/**
 * The command line as the admin typed it, to run again (as the owner, with sudo); URL credentials left
 * out — also of a proxy written without a scheme (`--proxy user:pass@proxy:3128`, as curl accepts it).
 */
export function commandLineOf(argv: readonly string[] | undefined): string | undefined {
  if (!argv?.length) return undefined;
  const words = argv.map((arg, index) => {
    if (argv[index - 1] === '--proxy') return redactUrlCredentials(arg, { schemeless: true });
    if (arg.startsWith('--proxy=')) return `--proxy=${redactUrlCredentials(arg.slice('--proxy='.length), { schemeless: true })}`;
    return redactUrlCredentials(arg);
  });
  return ['sponsorship-setup', ...words.map((word) => shellQuote(word))].join(' ');
}

/** True when `--json` was given as an option (not after `--`), so even a usage error answers in JSON. */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export const jsonOption = () => new Option('--json', 'print one JSON document on stdout (logs go to stderr)');

export function buildProgram(hooks: ProgramHooks): Command {
  const io = hooks.io ?? processIo();
  const program = new Command('sponsorship-setup')
    .description(
      'Set up Families sponsorships on a self-hosted Bitwarden server: read the install, check the firewall, ' +
        'enable cloud communication, handle the license, save the billing sync token and verify the first sync.',
    )
    .version(typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev', '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 done / all good; 1 it ran and found or hit a problem; 2 usage error or unusable input (nothing changed).',
    )
    .exitOverride()
    // Commander quotes rejected values in its usage errors: never a password inside a URL.
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(redactUrlCredentials(text)) });
  registerCommands(program, hooks);
  return program;
}

/**
 * Runs the CLI and resolves to the exit code (never calls process.exit itself). Tests pass their own
 * `io` (streams and environment) and `services` to run commands in-process.
 */
export async function runCli(argv: string[], options: { services?: CliServiceOverrides; io?: CliIo; earlySsh?: EarlySsh | null } = {}): Promise<ExitCode> {
  let exitCode: ExitCode = 0;
  const io = options.io ?? processIo();
  const earlySsh = options.earlySsh ?? undefined;
  const program = buildProgram({ setExitCode: (code) => (exitCode = code), argv, services: options.services, io, earlySsh });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      if (error.exitCode === 0) return 0;
      // Commander has already written the message to stderr; with --json, stdout still carries one document.
      if (wantsJson(argv)) {
        const message = redactUrlCredentials(error.message.replace(/^error: /, ''));
        io.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'usage', message } }, null, 2)}\n`);
      }
      return USAGE_ERROR;
    }
    throw error;
  } finally {
    // Not claimed (a usage error, a command that did not get to the server): dropped, so the process ends.
    earlySsh?.dispose();
  }
  return exitCode;
}

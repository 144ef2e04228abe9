import { HostError, type HostDirectoryEntry } from '../host';
import { assertNotLost, missingToolError, type ExecResult, type RemoteShell } from './remote-shell';
import { kindOfFindType, parseStatLine, sortEntries, type RemoteReads } from './remote-reads';

/** Exit codes the scripts below use for the usual failures (shared with the edit scripts). */
export const EXIT = { notFound: 3, notFile: 4, notDirectory: 5, denied: 6, tooLarge: 7, exists: 8, changed: 9, diskFull: 10 } as const;

/** Common preamble: classify the path in $1 before touching it. */
const CHECK_EXISTS = '[ -e "$1" ] || [ -L "$1" ] || exit 3';

export function failureFor(result: ExecResult, path: string, label: string): HostError {
  const missing = missingToolError(result, label);
  if (missing) throw missing;
  switch (result.code) {
    case EXIT.notFound:
      return new HostError('not-found', path, `${path} does not exist`);
    case EXIT.notFile:
      return new HostError('not-a-file', path, `${path} is not a regular file`);
    case EXIT.notDirectory:
      return new HostError('not-a-directory', path, `${path} is not a folder`);
    case EXIT.denied:
      return new HostError('permission-denied', path, `permission denied: ${path}`);
    case EXIT.exists:
      return new HostError('already-exists', path, `${path} already exists`);
    default:
      return new HostError(/Permission denied/.test(result.stderr) ? 'permission-denied' : 'io', path, `${path}: ${result.stderr.trim() || `exit ${result.code}`}`);
  }
}

/** Reads as another user through sudo (SFTP cannot change user): GNU coreutils and find over exec. */
export function execReads(shell: RemoteShell): RemoteReads {
  const label = shell.connection.label;
  const run = async (what: string, script: string, args: string[]) => {
    const result = await shell.connection.idempotent(() => shell.run(script, args));
    assertNotLost(result, label, what);
    return result;
  };
  return {
    stat: async (path) => {
      const result = await run(`reading ${path}`, `${CHECK_EXISTS}; stat -c '%f %s %u %g %.3Y' -- "$1"`, [path]);
      if (result.code === EXIT.notFound) return null;
      if (result.code !== 0) throw failureFor(result, path, label);
      const stat = parseStatLine(result.stdout.toString('utf8'));
      if (!stat) throw new HostError('io', path, `${path}: unexpected stat output`);
      return stat;
    },
    readFile: async (path, options) => {
      const script = `${CHECK_EXISTS}; [ -f "$1" ] || exit 4; [ -r "$1" ] || exit 6
size=$(stat -L -c %s -- "$1") || exit 1
[ "$size" -gt "$2" ] && { echo "$size"; exit 7; }
head -c "$(($2 + 1))" -- "$1"`;
      const result = await run(`reading ${path}`, script, [path, String(options.maxBytes)]);
      if (result.code === EXIT.tooLarge) {
        throw new HostError('too-large', path, `${path} is ${result.stdout.toString('utf8').trim()} bytes; the limit is ${options.maxBytes}`);
      }
      if (result.code !== 0) throw failureFor(result, path, label);
      if (result.stdout.length > options.maxBytes) throw new HostError('too-large', path, `${path} is larger than ${options.maxBytes} bytes`);
      return new Uint8Array(result.stdout);
    },
    list: async (path) => {
      const script = `${CHECK_EXISTS}; [ -d "$1" ] || exit 5; [ -r "$1" ] && [ -x "$1" ] || exit 6
find "$1" -mindepth 1 -maxdepth 1 -printf '%y %P\\0'`;
      const result = await run(`listing ${path}`, script, [path]);
      if (result.code !== 0) throw failureFor(result, path, label);
      const entries: HostDirectoryEntry[] = result.stdout
        .toString('utf8')
        .split('\0')
        .filter((item) => item.length > 2)
        .map((item) => ({ name: item.slice(2), kind: kindOfFindType(item[0]!) }));
      return sortEntries(entries);
    },
    resolveLinks: async (path) => {
      const result = await run(`resolving ${path}`, `${CHECK_EXISTS}; realpath -e -- "$1"`, [path]);
      if (result.code !== 0) throw failureFor(result, path, label);
      return result.stdout.toString('utf8').replace(/\n$/, '');
    },
  };
}

import path from 'node:path';
import { isHostError, type Host } from '../host/host';
import { CoreError } from '../shared';

/** Path functions for the host's own flavour (Windows paths on a Windows host). */
export function hostPath(host: Host): path.PlatformPath {
  return host.platform === 'win32' ? path.win32 : path.posix;
}

/** The CLI command an admin can copy to inspect the install with the right rights. */
export function statusCommandFor(bwdataPath: string): string {
  return `sponsorship-setup ${statusArgsFor(bwdataPath)}`;
}

/** `status --bwdata …`, the command without the program name (as an ErrorFix names commands). */
function statusArgsFor(bwdataPath: string): string {
  const quoted = /^[A-Za-z0-9_./:\\-]+$/.test(bwdataPath) ? bwdataPath : `'${bwdataPath.replace(/'/g, `'\\''`)}'`;
  return `status --bwdata ${quoted}`;
}

/**
 * Turns a host failure on an install path into the public problem codes. `bwdataForHint` is the
 * folder named in the fix of a `permission-denied` (each surface words it: the CLI names the command
 * that failed, the app the CLI command to copy into a terminal).
 */
export function installErrorFrom(error: unknown, target: string, bwdataForHint: string): unknown {
  if (!isHostError(error)) return error;
  switch (error.code) {
    case 'not-found':
      return new CoreError('not-found', `${target} does not exist.`, 'unusable-input', { path: target });
    case 'permission-denied':
      return new CoreError('permission-denied', `Permission denied on ${target}.`, 'unusable-input', { path: target, command: statusCommandFor(bwdataForHint) }, {
        runAsOwner: true,
        command: statusArgsFor(bwdataForHint),
      });
    case 'not-a-file':
      return new CoreError('not-a-file', `${target} is not a regular file.`, 'unusable-input', { path: target });
    case 'not-a-directory':
      return new CoreError('not-an-install', `${target} is not a folder.`, 'unusable-input', { path: target });
    case 'too-large':
      return new CoreError('too-large', `${target} is larger than 1 MiB; that is not a Bitwarden env file, so it was not read.`, 'unusable-input', {
        path: target,
      });
    case 'changed-during-edit':
      return new CoreError(
        'changed-during-edit',
        `${target} changed on disk while it was being edited (another program or person saved it). Nothing was written; run the step again.`,
        'problem',
        { path: target },
      );
    case 'symlink-loop':
      return new CoreError(
        'symlink-loop',
        `${target} cannot be opened: a symbolic link on its path points back at itself (a loop). Fix the link, or choose the real folder.`,
        'unusable-input',
        { path: target },
      );
    case 'busy':
      return new CoreError('busy', `${error.message}. Nothing was changed.`, 'problem', { path: target });
    default:
      return new CoreError(error.code, error.message, 'problem', { path: target });
  }
}

import os from 'node:os';

/**
 * `~` for ~/.ssh as the CLI's own environment says (HOME; USERPROFILE on Windows), which is what
 * os.homedir() reads in a real process: an in-process run with its own environment never touches the real one.
 */
export function homeFolderOf(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env['USERPROFILE'] : env['HOME']) || os.homedir();
}

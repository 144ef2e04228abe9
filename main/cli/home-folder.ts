import os from 'node:os';

/** `~` for ~/.ssh and the CLI's own files: HOME (USERPROFILE on Windows), else the account's home. */
export function homeFolderOf(env: NodeJS.ProcessEnv): string {
  return (process.platform === 'win32' ? env['USERPROFILE'] : env['HOME']) || os.homedir();
}

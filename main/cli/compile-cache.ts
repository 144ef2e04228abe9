import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';

export type EnableCompileCache = (directory?: string) => unknown;

/**
 * Node 22.1+ keeps V8's compiled code of the CLI's chunks between runs, so a start parses less (on
 * Node 20 there is no such cache and nothing happens). The cache lives in the user's own cache folder,
 * not a shared temp folder another user could fill; NODE_COMPILE_CACHE still wins, and
 * NODE_DISABLE_COMPILE_CACHE turns it off, as for Node itself.
 */
export function enableCompileCache(
  env: NodeJS.ProcessEnv = process.env,
  enable: EnableCompileCache | undefined = (nodeModule as { enableCompileCache?: EnableCompileCache }).enableCompileCache,
): void {
  if (typeof enable !== 'function' || env['NODE_DISABLE_COMPILE_CACHE']) return;
  try {
    enable(env['NODE_COMPILE_CACHE'] || cacheFolder(env));
  } catch {
    // Only a speed-up: a start without it is still a start.
  }
}

function cacheFolder(env: NodeJS.ProcessEnv): string {
  const base = process.platform === 'win32' ? (env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local')) : (env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache'));
  return path.join(base, 'sponsorship-setup', 'compile-cache');
}

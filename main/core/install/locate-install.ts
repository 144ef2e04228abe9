import type { Host, HostStat } from '../host';
import { CoreError } from '../shared';
import { hostPath, installErrorFrom } from './install-paths';

/** Where the parts of a Bitwarden install are. All paths are the host's absolute paths. */
export interface InstallLocation {
  /** The folder holding `bitwarden.sh` (or `bitwarden.ps1`) and `bwdata/`. */
  installRoot: string;
  bwdataPath: string;
  /** `bwdata/env/global.override.env` (may be a symlink; edits go through to its target). */
  envFilePath: string;
  /** `bitwarden.sh` / `bitwarden.ps1` beside bwdata, or `null` when it is missing. */
  scriptPath: string | null;
}

/** bwdata/env/global.override.env, relative to bwdata. */
export const ENV_FILE_RELATIVE = ['env', 'global.override.env'] as const;

/**
 * Finds the install from a folder the admin chose: either the install folder (with `bwdata/`
 * inside) or `bwdata/` itself.
 *
 * @throws CoreError (outcome `unusable-input`): `not-found` (no such folder), `not-an-install`
 *   (no bwdata with env/global.override.env), `not-a-file` (the env file is a folder or device),
 *   `permission-denied` (details.command: `sponsorship-setup status --bwdata …`; fix: run as the owner).
 */
export async function locateInstall(host: Host, dir: string): Promise<InstallLocation> {
  const p = hostPath(host);
  const chosen = p.resolve(dir);
  const fail = (error: unknown, target: string) => installErrorFrom(error, target, chosen);
  const kindOf = async (target: string): Promise<HostStat['kind'] | null> => {
    let stat: HostStat | null;
    try {
      stat = await host.stat(target);
    } catch (error) {
      throw fail(error, target);
    }
    if (stat?.kind !== 'symlink') return stat?.kind ?? null;
    try {
      const resolved = await host.stat(await host.resolveLinks(target));
      return resolved?.kind ?? null;
    } catch (error) {
      // A dangling link is as good as missing.
      if ((error as { code?: string }).code === 'not-found') return null;
      throw fail(error, target);
    }
  };

  const chosenKind = await kindOf(chosen);
  if (chosenKind === null) throw new CoreError('not-found', `${chosen} does not exist.`, 'unusable-input', { path: chosen });
  if (chosenKind !== 'directory') {
    throw new CoreError('not-an-install', `${chosen} is a file, not a folder. Choose the folder holding bitwarden.sh and bwdata.`, 'unusable-input', {
      path: chosen,
    });
  }

  let bwdataPath: string;
  if ((await kindOf(p.join(chosen, 'bwdata'))) === 'directory') {
    bwdataPath = p.join(chosen, 'bwdata');
  } else if ((await kindOf(p.join(chosen, 'env'))) === 'directory') {
    bwdataPath = chosen;
  } else {
    throw new CoreError(
      'not-an-install',
      `${chosen} is not a Bitwarden install: it holds neither bwdata/ nor env/. Choose the folder holding bitwarden.sh and bwdata, or bwdata itself.`,
      'unusable-input',
      { path: chosen },
    );
  }

  const envFilePath = p.join(bwdataPath, ...ENV_FILE_RELATIVE);
  const envKind = await kindOf(envFilePath);
  if (envKind === null) {
    throw new CoreError(
      'not-an-install',
      `${envFilePath} is missing, so ${bwdataPath} is not a finished Bitwarden install (run ./bitwarden.sh install first).`,
      'unusable-input',
      { path: envFilePath },
    );
  }
  if (envKind !== 'file') throw new CoreError('not-a-file', `${envFilePath} is not a regular file.`, 'unusable-input', { path: envFilePath });

  const installRoot = p.dirname(bwdataPath);
  const scriptName = host.platform === 'win32' ? 'bitwarden.ps1' : 'bitwarden.sh';
  const scriptPath = (await kindOf(p.join(installRoot, scriptName))) === 'file' ? p.join(installRoot, scriptName) : null;
  return { installRoot, bwdataPath, envFilePath, scriptPath };
}

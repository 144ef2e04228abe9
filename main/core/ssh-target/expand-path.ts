import os from 'node:os';
import path from 'node:path';
import { unsupportedConfig } from './ssh-config-file';

/** The values ssh_config's `%` tokens stand for (ssh_config(5) TOKENS). */
export interface TokenValues {
  home: string;
  /** The remote host name (after HostName). */
  host: string;
  /** The name as typed (alias). */
  alias: string;
  port: number;
  remoteUser: string;
  localUser: string;
}

const TOKENS: Record<string, (values: TokenValues) => string> = {
  '%': () => '%',
  d: (v) => v.home,
  h: (v) => v.host,
  n: (v) => v.alias,
  p: (v) => String(v.port),
  r: (v) => v.remoteUser,
  u: (v) => v.localUser,
  l: () => os.hostname().split('.')[0] ?? '',
  L: () => os.hostname().split('.')[0] ?? '',
};

/** Expands `%` tokens; an unknown token is refused by name rather than passed on literally. */
export function expandTokens(text: string, values: TokenValues, where: string): string {
  return text.replace(/%(.)/g, (_, token: string) => {
    const expand = TOKENS[token];
    if (!expand) throw unsupportedConfig(`%${token}`, where, 'only the %d %h %n %p %r %u %l %% tokens are understood');
    return expand(values);
  });
}

/** `~` and `~/…` are the home folder (HOME; USERPROFILE on Windows, as os.homedir() reads them); a relative path in the config is taken from the home folder. */
export function expandHomePath(file: string, home: string): string {
  if (file === '~') return home;
  if (file.startsWith('~/') || file.startsWith('~\\')) return path.join(home, file.slice(2));
  return path.isAbsolute(file) ? file : path.join(home, file);
}

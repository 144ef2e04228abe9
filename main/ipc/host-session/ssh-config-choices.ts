import path from 'node:path';
import { directivesFor, firstValue, loadUserSshConfig } from '../../core/ssh-target/ssh-config-file';
import type { SshServerSettings } from '../../core/settings';
import type { ServerChoice } from '../contracts/server-contract';

/** Saved servers first, then each plain `Host` alias of ~/.ssh/config (no wildcards), with what it sets. */
export async function serverChoices(saved: readonly SshServerSettings[], home: string): Promise<{ choices: ServerChoice[]; notes: string[] }> {
  const choices: ServerChoice[] = saved.map((server) => ({
    source: 'saved',
    name: server.name,
    host: server.host,
    user: server.user ?? null,
    port: server.port ?? null,
    installFolder: server.installFolder ?? null,
    proxyJump: server.proxyJump ?? null,
    identityName: server.identityFile ? path.basename(server.identityFile) : null,
  }));
  const notes: string[] = [];
  try {
    const { file, config } = await loadUserSshConfig(home);
    const aliases = new Set<string>();
    for (const line of config) {
      if (!('param' in line) || line.param.toLowerCase() !== 'host') continue;
      const value = (line as { value: string | { val: string }[] }).value;
      for (const alias of Array.isArray(value) ? value.map((part) => part.val) : String(value).split(/\s+/)) {
        if (alias && !/[*?!]/.test(alias)) aliases.add(alias);
      }
    }
    for (const alias of aliases) {
      try {
        const directives = directivesFor(config, alias, file);
        const port = Number(firstValue(directives, 'port'));
        const identity = firstValue(directives, 'identityfile');
        choices.push({
          source: 'ssh-config',
          name: alias,
          host: alias,
          user: firstValue(directives, 'user') ?? null,
          port: Number.isInteger(port) && port > 0 ? port : null,
          installFolder: null,
          proxyJump: firstValue(directives, 'proxyjump') ?? null,
          // The name only: ~ and %-tokens are expanded when connecting, as ssh does.
          identityName: identity ? path.basename(identity) : null,
        });
      } catch (error) {
        notes.push(`Host ${alias} in ${file} is not offered: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch (error) {
    notes.push(error instanceof Error ? error.message : String(error));
  }
  return { choices, notes };
}

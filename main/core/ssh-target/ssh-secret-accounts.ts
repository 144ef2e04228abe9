/**
 * Keychain account names of SSH secrets the admin chose to keep, per server: `ssh:<scope>:…`, where
 * the scope is the saved server's name (or `host=<user@host:port>` for a server given with --host).
 */
export type SshSecretKind = 'passphrase' | 'password' | 'sudo';

export function sshSecretScope(server: { name?: string; label: string }): string {
  return server.name ?? `host=${server.label}`;
}

export function sshSecretAccount(scope: string, kind: SshSecretKind, subject: string): string {
  return `${sshSecretPrefix(scope)}${kind}:${subject}`;
}

/** Every account of one server starts with this (what `servers remove` clears). */
export function sshSecretPrefix(scope: string): string {
  return `ssh:${scope}:`;
}

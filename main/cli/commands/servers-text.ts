import type { SshServerSettings } from '../../core/settings';
import { proxyJumpWords } from '../../core/ssh-target';

/** A saved server in one line: where it is, its install folder, its ProxyJump hops (or `direct` for none) and its key. */
export function describeServer(server: SshServerSettings): string {
  const host = server.host.includes(':') ? `[${server.host}]` : server.host;
  const target = `${server.user ? `${server.user}@` : ''}${host}${server.port ? `:${server.port}` : ''}`;
  return [target, server.installFolder ? `install ${server.installFolder}` : 'no install folder saved', proxyJumpWords(server.proxyJump), server.identityFile ? `key ${server.identityFile}` : null].filter(Boolean).join(', ');
}

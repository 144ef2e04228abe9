/**
 * How a saved ProxyJump reads in a one-line description of a server (CLI `servers list`, the Connect
 * step's saved servers). `none` is OpenSSH's "no jump": a direct connection, even when ~/.ssh/config
 * names a ProxyJump for that host. No value: nothing to say (~/.ssh/config's, if any, applies).
 * No imports: the renderer uses it too.
 */
export function proxyJumpWords(proxyJump: string | null | undefined): string | null {
  if (!proxyJump) return null;
  return proxyJump.trim().toLowerCase() === 'none' ? 'direct (no ProxyJump)' : `through ${proxyJump}`;
}

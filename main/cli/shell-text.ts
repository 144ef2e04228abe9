/**
 * Text helpers for commands the CLI prints for the admin to copy. Pure and dependency-free, so
 * `program.ts` can use them without loading core.
 */

/** Quotes one argument for a copyable POSIX shell command (only when it needs it). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `http://user:pass@proxy:3128` → `http://***@proxy:3128` anywhere in a text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^@\s/]+@/gi, '$1***@');
}

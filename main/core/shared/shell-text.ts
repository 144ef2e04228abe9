/**
 * Text helpers for commands shown to the admin to copy (CLI output and the app's copy buttons).
 * Pure and dependency-free, so the CLI's `program.ts` can use them without loading the rest of core.
 */

/** Quotes one argument for a copyable POSIX shell command (only when it needs it). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * `http://user:pass@proxy:3128` → `http://***@proxy:3128` anywhere in a text. The env editor redacts
 * secret-named keys only; a proxy password sits inside a URL value, so texts that may hold one go through this.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^@\s/]+@/gi, '$1***@');
}

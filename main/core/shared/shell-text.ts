/**
 * Text helpers for commands shown to the admin to copy (CLI output and the app's copy buttons).
 * Pure and dependency-free, so the CLI's `program.ts` can use them without loading the rest of core.
 */

/** Quotes one argument for a copyable POSIX shell command (only when it needs it). */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one redactor for credentials inside URLs: `http://user:pass@proxy:3128` → `http://***@proxy:3128`
 * anywhere in a text (diffs, log lines, reports, error messages, copied commands). The env editor
 * redacts secret-named keys only; a proxy password sits inside a URL value, so every text that may
 * hold one goes through this. Everything up to the last `@` of the URL is hidden, so a password
 * holding an unencoded `@` or `/` does not leak in part. `placeholder` replaces the user info (a
 * copyable command shows `USER:PASSWORD`). A proxy written without a scheme (`user:pass@proxy:3128`,
 * which curl accepts) is redacted when `schemeless` is set (values of *_PROXY keys).
 */
export function redactUrlCredentials(text: string, options: { placeholder?: string; schemeless?: boolean } = {}): string {
  const placeholder = options.placeholder ?? '***';
  const withScheme = text.replace(/((?:\b[a-z][a-z0-9+.-]*:)?\/\/)[^\s'"<>]*@/gi, `$1${placeholder}@`);
  if (!options.schemeless || /^\s*[a-z][a-z0-9+.-]*:\/\//i.test(text)) return withScheme;
  return withScheme.replace(/^(\s*)[^\s'"<>/]*@/, `$1${placeholder}@`);
}

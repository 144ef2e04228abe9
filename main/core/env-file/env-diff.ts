import { diffArrays } from 'diff';
import { redactUrlCredentials } from '../shared/shell-text';
import { BOM } from './env-text';

export interface EnvDiffOptions {
  /** File name shown in the `---`/`+++` header lines. */
  fileName?: string;
  /** Unchanged lines shown around each change (default 3). */
  context?: number;
  /**
   * Replace values of secret-looking keys (installation key, passwords, connection strings, …) with
   * `<redacted>` so the diff can be shown, logged or sent over IPC. Default true.
   */
  redactSecrets?: boolean;
}

/** Keys whose values must never leave the file (see the conventions on secrets). */
const SECRET_KEY = /(key|password|secret|connectionstring|token)$/i;
const SECRET_EXCEPTIONS = new Set(['globalSettings__yubico__clientId']);

/** Keys holding a proxy URL, which may be written without a scheme (`user:pass@proxy:3128`). */
const PROXY_KEY = /_proxy$/i;

/**
 * `KEY=value` → `KEY=<redacted>` when the key names a secret; credentials inside any URL (a proxy's
 * user:password in HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or any other value) → `***`; other text unchanged.
 */
export function redactEnvLine(line: string): string {
  const content = line.startsWith(BOM) ? line.slice(1) : line;
  const equals = content.indexOf('=');
  if (equals <= 0 || content.trimStart().startsWith('#')) return redactUrlCredentials(line);
  const key = content.slice(0, equals).trim().replace(/^["']|["']$/g, '');
  const value = content.slice(equals + 1);
  if (SECRET_EXCEPTIONS.has(key) || !SECRET_KEY.test(key)) {
    const quote = /^\s*["']/.exec(value)?.[0] ?? '';
    const shownValue = quote + redactUrlCredentials(value.slice(quote.length), { schemeless: PROXY_KEY.test(key) });
    return `${line.slice(0, line.length - content.length)}${content.slice(0, equals + 1)}${shownValue}`;
  }
  return value.trim() === '' ? line : `${content.slice(0, equals + 1)}<redacted>`;
}

interface DiffLine {
  text: string;
  /** The line ending, so a CRLF→LF change or an added final newline shows as a change. */
  eol: string;
}

function splitLines(text: string): DiffLine[] {
  const lines: DiffLine[] = [];
  const pattern = /([^\n]*?)(\r\n|\n|$)/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length && (match = pattern.exec(text)) !== null) {
    lines.push({ text: match[1] ?? '', eol: match[2] ?? '' });
    if (match[0] === '') break;
  }
  return lines;
}

type Op = { type: ' ' | '-' | '+'; line: DiffLine; oldIndex: number; newIndex: number };

/**
 * Edits above which the changed middle is shown as one block replacement instead of a minimal
 * diff (a rewrite of a whole large file; the exact pairing no longer helps anyone read it).
 */
const MAX_EDIT_LENGTH = 1_000;

const same = (x: DiffLine, y: DiffLine) => x.text === y.text && x.eol === y.eol;

/** Line operations old → new: jsdiff's Myers diff over whole lines (text and line ending). */
function diffLines(a: DiffLine[], b: DiffLine[]): Op[] {
  // Common ends are trimmed first so the block fallback below still keeps them as context.
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && same(a[prefix]!, b[prefix]!)) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && same(a[a.length - 1 - suffix]!, b[b.length - 1 - suffix]!)) suffix++;
  const midA = a.slice(prefix, a.length - suffix);
  const midB = b.slice(prefix, b.length - suffix);
  const ops: Op[] = [];
  for (let i = 0; i < prefix; i++) ops.push({ type: ' ', line: a[i]!, oldIndex: i, newIndex: i });
  // jsdiff lists removals before additions within a change, like diff(1), so "-old / +new" pairs read naturally.
  const changes = diffArrays(midA, midB, { comparator: same, maxEditLength: MAX_EDIT_LENGTH });
  let i = prefix;
  let j = prefix;
  if (changes === undefined) {
    for (const line of midA) ops.push({ type: '-', line, oldIndex: i++, newIndex: j });
    for (const line of midB) ops.push({ type: '+', line, oldIndex: i, newIndex: j++ });
  } else {
    for (const change of changes) {
      for (const line of change.value) {
        if (change.removed) ops.push({ type: '-', line, oldIndex: i++, newIndex: j });
        else if (change.added) ops.push({ type: '+', line, oldIndex: i, newIndex: j++ });
        else ops.push({ type: ' ', line, oldIndex: i++, newIndex: j++ });
      }
    }
  }
  for (let k = 0; k < suffix; k++) {
    ops.push({ type: ' ', line: a[a.length - suffix + k]!, oldIndex: a.length - suffix + k, newIndex: b.length - suffix + k });
  }
  return ops;
}

/**
 * A unified diff (`---`/`+++`/`@@` hunks) of two env texts for display. Returns `''` when equal.
 * Lines whose only change is the line ending are marked ` (CRLF)`; a last line without a final
 * newline gets the usual `\ No newline at end of file` marker. Secrets are redacted by default.
 */
export function diffEnvText(oldText: string, newText: string, options: EnvDiffOptions = {}): string {
  if (oldText === newText) return '';
  const context = options.context ?? 3;
  const redact = options.redactSecrets ?? true;
  const name = options.fileName ?? 'global.override.env';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const render = (op: Op): string[] => {
    const body = redact ? redactEnvLine(op.line.text) : op.line.text;
    const out = [`${op.type}${body}${op.line.eol === '\r\n' ? ' (CRLF)' : ''}`];
    if (op.line.eol === '') out.push('\\ No newline at end of file');
    return out;
  };
  const changed = ops.map((op, index) => (op.type === ' ' ? -1 : index)).filter((index) => index >= 0);
  const out = [`--- a/${name}`, `+++ b/${name}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k]! - context);
    let end = Math.min(ops.length - 1, changed[k]! + context);
    while (k + 1 < changed.length && changed[k + 1]! - context <= end + 1) {
      k++;
      end = Math.min(ops.length - 1, changed[k]! + context);
    }
    k++;
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((op) => op.type !== '+').length;
    const newCount = hunk.filter((op) => op.type !== '-').length;
    const first = hunk[0]!;
    const oldStart = oldCount === 0 ? first.oldIndex : first.oldIndex + 1;
    const newStart = newCount === 0 ? first.newIndex : first.newIndex + 1;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const op of hunk) out.push(...render(op));
  }
  return `${out.join('\n')}\n`;
}

import { CoreError } from '../shared';
import { BOM } from './env-text';

export type LineEnding = '\r\n' | '\n' | '';

/** What a line is, as far as Bitwarden's setup and docker compose read it. */
export type EnvLineKind = 'entry' | 'comment' | 'blank' | 'other';

/** One physical line of an env file, kept exactly as it was. */
export interface EnvLine {
  /** 1-based line number, for messages. */
  number: number;
  /** The line's text without its line ending (includes a leading BOM on line 1, if any). */
  raw: string;
  /** The line ending that followed it; `''` only for a last line without a final newline. */
  eol: LineEnding;
  kind: EnvLineKind;
  /** For entries: the key without surrounding spaces or quotes (`"KEY" = x` → `KEY`). */
  key?: string;
  /** For entries: the value without surrounding spaces or matching quotes. */
  value?: string;
}

export interface EnvDocument {
  /** True when the file starts with a UTF-8 BOM. */
  bom: boolean;
  lines: EnvLine[];
  /** True when the last line ends with a line ending (or the file is empty). */
  finalNewline: boolean;
  /** The ending most lines use (`\n` when the file has none), used for appended lines. */
  lineEnding: '\r\n' | '\n';
}

export interface EnvLookup {
  /** The value Bitwarden uses: the last occurrence wins, like Bitwarden's setup. */
  value: string;
  /** Every line number that sets the key, in file order. */
  lineNumbers: number[];
}

export interface DuplicateKey {
  key: string;
  /** Every line number that sets the key; the last one is the one in effect. */
  lineNumbers: number[];
}

/** Splits text into lines keeping each line's own ending (CRLF, LF or none). */
export function parseEnv(text: string): EnvDocument {
  const bom = text.startsWith(BOM);
  const lines: EnvLine[] = [];
  let crlf = 0;
  let lf = 0;
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    let raw: string;
    let eol: LineEnding;
    if (newline === -1) {
      raw = text.slice(start);
      eol = '';
      start = text.length;
    } else if (newline > start && text[newline - 1] === '\r') {
      raw = text.slice(start, newline - 1);
      eol = '\r\n';
      crlf++;
      start = newline + 1;
    } else {
      raw = text.slice(start, newline);
      eol = '\n';
      lf++;
      start = newline + 1;
    }
    lines.push(classify(lines.length + 1, raw, eol));
  }
  const last = lines[lines.length - 1];
  // An empty file (or a lone BOM) has nothing to terminate.
  const finalNewline = last === undefined || last.eol !== '' || (lines.length === 1 && last.raw === BOM);
  return { bom, lines, finalNewline, lineEnding: crlf > lf ? '\r\n' : '\n' };
}

function classify(number: number, raw: string, eol: LineEnding): EnvLine {
  const content = number === 1 && raw.startsWith(BOM) ? raw.slice(1) : raw;
  const trimmed = content.trim();
  if (trimmed === '') return { number, raw, eol, kind: 'blank' };
  if (trimmed.startsWith('#')) return { number, raw, eol, kind: 'comment' };
  const equals = content.indexOf('=');
  // Bitwarden's setup drops lines without `=`; compose would reject them. Keep them untouched.
  if (equals === -1) return { number, raw, eol, kind: 'other' };
  const key = unquote(content.slice(0, equals).trim());
  if (key === '') return { number, raw, eol, kind: 'other' };
  return { number, raw, eol, kind: 'entry', key, value: unquote(content.slice(equals + 1).trim()) };
}

function unquote(text: string): string {
  if (text.length >= 2) {
    const first = text[0];
    if ((first === '"' || first === "'") && text.endsWith(first)) return text.slice(1, -1);
  }
  return text;
}

/** Joins lines back to text; `serializeEnv(parseEnv(t)) === t` for every string `t`. */
export function serializeEnv(document: EnvDocument): string {
  let text = '';
  for (const line of document.lines) text += line.raw + line.eol;
  return text;
}

/** The value in effect for `key` (last duplicate wins), or `null` when no line sets it. */
export function lookupEnv(document: EnvDocument, key: string): EnvLookup | null {
  let value: string | undefined;
  const lineNumbers: number[] = [];
  for (const line of document.lines) {
    if (line.kind === 'entry' && line.key === key) {
      value = line.value;
      lineNumbers.push(line.number);
    }
  }
  return value === undefined ? null : { value, lineNumbers };
}

/** Every key set on more than one line, in order of first appearance. */
export function findDuplicateKeys(document: EnvDocument): DuplicateKey[] {
  const seen = new Map<string, number[]>();
  for (const line of document.lines) {
    if (line.kind !== 'entry' || line.key === undefined) continue;
    const numbers = seen.get(line.key);
    if (numbers) numbers.push(line.number);
    else seen.set(line.key, [line.number]);
  }
  return [...seen].filter(([, numbers]) => numbers.length > 1).map(([key, lineNumbers]) => ({ key, lineNumbers }));
}

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/**
 * Sets keys in env text, changing only the lines that set those keys.
 *
 * - Every line that sets a key (all duplicates, also `KEY = x` and `"KEY"=x` forms) becomes the
 *   canonical `KEY=value`, keeping its own line ending (and a BOM on line 1).
 * - Keys not present are appended in the given order with the file's own line ending; a missing
 *   final newline is added first.
 * - Comments (`# KEY=x`), blank lines and all other lines stay byte-identical.
 *
 * @throws CoreError `invalid-value` (unusable-input) for a key that is not a plain env name or a
 *   value containing a line break (it would inject extra lines).
 */
export function setEnvValues(text: string, entries: Readonly<Record<string, string>>): string {
  for (const [key, value] of Object.entries(entries)) {
    if (!KEY_PATTERN.test(key)) throw new CoreError('invalid-value', `"${key}" is not a valid environment variable name.`, 'unusable-input');
    if (/[\r\n\0]/.test(value)) throw new CoreError('invalid-value', `The value for ${key} contains a line break or NUL, which an env file cannot hold.`, 'unusable-input');
  }
  const document = parseEnv(text);
  const found = new Set<string>();
  for (const line of document.lines) {
    if (line.kind !== 'entry' || line.key === undefined || !Object.hasOwn(entries, line.key)) continue;
    found.add(line.key);
    const prefix = line.number === 1 && line.raw.startsWith(BOM) ? BOM : '';
    line.raw = `${prefix}${line.key}=${entries[line.key]}`;
  }
  let result = serializeEnv(document);
  const missing = Object.keys(entries).filter((key) => !found.has(key));
  if (missing.length === 0) return result;
  if (!document.finalNewline) result += document.lineEnding;
  for (const key of missing) result += `${key}=${entries[key]}${document.lineEnding}`;
  return result;
}

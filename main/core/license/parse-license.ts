/**
 * Reads a license file the way the self-hosted server's upload does (`System.Text.Json`, property names
 * matched case-insensitively, last duplicate wins, unknown keys ignored) and reports, instead of throwing,
 * everything that would make the server answer "Invalid license".
 */
import { GUID_PATTERN } from '../shared/guid';
import type { LicenseProblem } from './license-codes';
import { parseIsoDate } from './dotnet-date';
import { LICENSE_FIELDS, defaultValue, type LicenseFieldSpec, type LicenseValue, type LicenseValues } from './license-fields';

export interface ParsedLicense {
  /** Every OrganizationLicense property by PascalCase name; omitted ones hold the .NET default. */
  values: LicenseValues;
  /** PascalCase names of the properties the JSON actually contains. */
  present: string[];
  /** Key style of the file: cloud downloads are camelCase, files the server saved are PascalCase. */
  casing: 'camel' | 'pascal' | 'mixed' | 'none';
  /** Lower-cased keys that are no OrganizationLicense property (e.g. `email` in a personal license). */
  unknownKeys: string[];
}

export interface ParseLicenseResult {
  /** Null when the bytes are not a JSON object. */
  license: ParsedLicense | null;
  problems: LicenseProblem[];
}

const JSON_WHITESPACE = /^[ \t\r\n]*$/;

/** Index just past the first JSON value in `text` (from `start`), or -1 if it never closes. */
function endOfFirstValue(text: string, start: number): number {
  const first = text[start];
  if (first !== '{' && first !== '[') return text.length;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth += 1;
    else if (ch === '}' || ch === ']') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function integerIn(value: unknown, min: number, max: number): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max ? value : undefined;
}

/**
 * Converts one JSON value to the property's .NET type, or returns a reason it would fail to deserialize.
 * (System.Text.Json also refuses `10.0` for an integer; JSON.parse cannot tell `10.0` from `10`, so that
 * one divergence is accepted.)
 */
function convert(spec: LicenseFieldSpec, raw: unknown): { value: LicenseValue } | { error: string } {
  const nullable = spec.kind.startsWith('nullable-') || spec.kind === 'string';
  if (raw === null) return nullable ? { value: null } : { error: 'must not be null' };
  switch (spec.kind) {
    case 'string':
      return typeof raw === 'string' ? { value: raw } : { error: 'must be text' };
    case 'guid':
      return typeof raw === 'string' && GUID_PATTERN.test(raw)
        ? { value: raw.toLowerCase() }
        : { error: 'must be an ID like 00000000-0000-0000-0000-000000000000' };
    case 'bool':
      return typeof raw === 'boolean' ? { value: raw } : { error: 'must be true or false' };
    case 'int':
    case 'nullable-int': {
      const n = integerIn(raw, -2_147_483_648, 2_147_483_647);
      return n === undefined ? { error: 'must be a whole number' } : { value: n };
    }
    case 'nullable-short': {
      const n = integerIn(raw, -32_768, 32_767);
      return n === undefined ? { error: 'must be a whole number from -32768 to 32767' } : { value: n };
    }
    case 'plan-type':
    case 'nullable-license-type': {
      const n = integerIn(raw, 0, 255);
      return n === undefined ? { error: 'must be a number from 0 to 255' } : { value: n };
    }
    case 'date':
    case 'nullable-date': {
      const date = typeof raw === 'string' ? parseIsoDate(raw) : null;
      return date ? { value: date } : { error: 'must be a date like 2025-09-26T12:00:01Z' };
    }
  }
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/** Parses license bytes. Never throws; problems use the codes in LICENSE_PROBLEM_CODES. */
export function parseLicense(bytes: Uint8Array): ParseLicenseResult {
  const problems: LicenseProblem[] = [];
  const notJson = (why: string): ParseLicenseResult => ({
    license: null,
    problems: [
      ...problems,
      {
        code: 'not-json',
        message: `This is not a license file (${why}). Download the license again from the organization's Billing › Subscription page in the Bitwarden web vault and choose the downloaded .json file.`,
      },
    ],
  });

  // The decoder drops a leading UTF-8 BOM, as System.Text.Json does.
  const text = decodeUtf8(bytes);
  if (text === null) return notJson('it is not UTF-8 text');
  const start = text.search(/[^ \t\r\n]/);
  if (start < 0) return notJson('the file is empty');

  const end = endOfFirstValue(text, start);
  if (end < 0) return notJson('the JSON never closes: the file is cut off');
  let root: unknown;
  try {
    root = JSON.parse(text.slice(start, end));
  } catch (error) {
    return notJson(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return notJson('the JSON is not an object');
  }
  const rest = text.slice(end);
  if (!JSON_WHITESPACE.test(rest)) {
    problems.push({
      code: 'trailing-data',
      message:
        `The file has ${Buffer.byteLength(rest.trim(), 'utf8')} extra byte(s) after the closing brace. ` +
        'The server refuses such files ("Invalid license" on upload, "Cannot verify license file." when it is already installed). ' +
        'Download the license again rather than editing it; if you copied it, make sure the copy replaced the old file instead of writing into it.',
    });
  }

  const byLowerKey = new Map<string, unknown>();
  let camel = 0;
  let pascal = 0;
  for (const [key, value] of Object.entries(root)) {
    byLowerKey.set(key.toLowerCase(), value); // case-insensitive, last duplicate wins
    const first = key.charAt(0);
    if (first >= 'a' && first <= 'z') camel += 1;
    else if (first >= 'A' && first <= 'Z') pascal += 1;
  }

  const values: LicenseValues = {};
  const present: string[] = [];
  const known = new Set<string>();
  for (const spec of LICENSE_FIELDS) {
    const lower = spec.name.toLowerCase();
    known.add(lower);
    if (!byLowerKey.has(lower)) {
      values[spec.name] = defaultValue(spec);
      continue;
    }
    present.push(spec.name);
    const converted = convert(spec, byLowerKey.get(lower));
    if ('value' in converted) {
      values[spec.name] = converted.value;
    } else {
      values[spec.name] = defaultValue(spec);
      problems.push({
        code: 'invalid-field',
        message: `The field ${spec.name} ${converted.error} but holds ${describe(byLowerKey.get(lower))}; the server rejects the file as "Invalid license". Download the license again instead of editing it.`,
      });
    }
  }

  return {
    license: {
      values,
      present,
      casing: camel && pascal ? 'mixed' : camel ? 'camel' : pascal ? 'pascal' : 'none',
      unknownKeys: [...byLowerKey.keys()].filter((key) => !known.has(key)),
    },
    problems,
  };
}

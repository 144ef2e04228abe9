import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BOM,
  decodeEnvText,
  diffEnvText,
  encodeEnvText,
  findDuplicateKeys,
  lookupEnv,
  parseEnv,
  serializeEnv,
  setEnvValues,
} from '../../../main/core/env-file';
import { CoreError } from '../../../main/core/shared';

const CLOUD = 'globalSettings__enableCloudCommunication';

describe('decodeEnvText', () => {
  it('round-trips BOM, CRLF, LF and a missing final newline byte for byte', () => {
    const bytes = encodeEnvText(`${BOM}A=1\r\nB=2\nC=ä€`);
    const text = decodeEnvText(bytes);
    expect(text.startsWith(BOM)).toBe(true);
    expect(Buffer.from(encodeEnvText(text)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('refuses NUL bytes and invalid UTF-8 with not-text', () => {
    for (const bytes of [new Uint8Array([0x41, 0x3d, 0x00]), new Uint8Array([0x41, 0x3d, 0xff, 0xfe])]) {
      let caught: unknown;
      try {
        decodeEnvText(bytes);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(CoreError);
      expect((caught as CoreError).code).toBe('not-text');
      expect((caught as CoreError).outcome).toBe('unusable-input');
    }
  });
});

describe('parseEnv and lookupEnv', () => {
  it('reads quoted keys, spaces around =, = inside values and quoted values', () => {
    const doc = parseEnv('# c=1\n"QK" = "v=1"\nSP = two words \nEQ=a=b=c\nnoequals\n\n');
    expect(lookupEnv(doc, 'QK')?.value).toBe('v=1');
    expect(lookupEnv(doc, 'SP')?.value).toBe('two words');
    expect(lookupEnv(doc, 'EQ')?.value).toBe('a=b=c');
    expect(lookupEnv(doc, 'c')).toBeNull();
    expect(doc.lines.map((l) => l.kind)).toEqual(['comment', 'entry', 'entry', 'entry', 'other', 'blank']);
  });

  it('lets the last duplicate win and reports duplicates with line numbers', () => {
    const doc = parseEnv('A=1\nB=x\nA=2\n');
    expect(lookupEnv(doc, 'A')).toEqual({ value: '2', lineNumbers: [1, 3] });
    expect(findDuplicateKeys(doc)).toEqual([{ key: 'A', lineNumbers: [1, 3] }]);
  });

  it('ignores a BOM in front of the first key', () => {
    expect(lookupEnv(parseEnv(`${BOM}A=1\n`), 'A')?.value).toBe('1');
  });

  it('uses the dominant line ending', () => {
    expect(parseEnv('A=1\r\nB=2\r\nC=3\n').lineEnding).toBe('\r\n');
    expect(parseEnv('A=1').lineEnding).toBe('\n');
  });
});

describe('setEnvValues', () => {
  it('rewrites existing lines in place, in every form, and leaves comments alone', () => {
    const before = `# ${CLOUD}=false\n${CLOUD}=false\r\nX=1\n"${CLOUD}" = no\n  ${CLOUD} = maybe  \n`;
    const after = setEnvValues(before, { [CLOUD]: 'true' });
    expect(after).toBe(`# ${CLOUD}=false\n${CLOUD}=true\r\nX=1\n${CLOUD}=true\n${CLOUD}=true\n`);
  });

  it('appends missing keys with the file line ending, adding a final newline first', () => {
    expect(setEnvValues('A=1\r\nB=2', { C: '3', D: '' })).toBe('A=1\r\nB=2\r\nC=3\r\nD=\r\n');
    expect(setEnvValues('', { C: '3' })).toBe('C=3\n');
    expect(setEnvValues(BOM, { C: '3' })).toBe(`${BOM}C=3\n`);
  });

  it('keeps a BOM when the first line is rewritten', () => {
    expect(setEnvValues(`${BOM}A = 1\nB=2\n`, { A: 'x' })).toBe(`${BOM}A=x\nB=2\n`);
  });

  it('is idempotent', () => {
    const once = setEnvValues('A=1\n# x\nB = 2', { B: '3', C: '4' });
    expect(setEnvValues(once, { B: '3', C: '4' })).toBe(once);
  });

  it('refuses values with line breaks and bad key names', () => {
    expect(() => setEnvValues('', { A: 'x\nB=y' })).toThrow(/line break/);
    expect(() => setEnvValues('', { 'A B': 'x' })).toThrow(CoreError);
  });
});

// ---- property-based: only the target lines change --------------------------------------------

const keyArb = fc.constantFrom('A', 'B', 'KEY_ONE', 'globalSettings__x', CLOUD);
const valueArb = fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
const eolArb = fc.constantFrom('\n', '\r\n');
const lineArb = fc.oneof(
  fc.tuple(keyArb, valueArb).map(([k, v]) => `${k}=${v}`),
  fc.tuple(keyArb, valueArb).map(([k, v]) => `"${k}" = ${v}`),
  fc.tuple(keyArb, valueArb).map(([k, v]) => `  ${k} =${v}=x`),
  fc.tuple(keyArb, valueArb).map(([k, v]) => `# ${k}=${v}`),
  fc.constant(''),
  fc.constant('   '),
  fc.string({ maxLength: 10 }).map((s) => s.replace(/[\r\n]/g, '')),
);
const fileArb = fc
  .record({
    bom: fc.boolean(),
    lines: fc.array(fc.tuple(lineArb, eolArb), { maxLength: 12 }),
    finalNewline: fc.boolean(),
  })
  .map(({ bom, lines, finalNewline }) => {
    let text = bom ? BOM : '';
    lines.forEach(([line, eol], index) => {
      text += line + (index < lines.length - 1 || finalNewline ? eol : '');
    });
    return text;
  });
const entriesArb = fc.dictionary(keyArb, valueArb.map((v) => v.replace(/\0/g, '')), { minKeys: 1, maxKeys: 3 });

describe('setEnvValues (property)', () => {
  it('serialize(parse(text)) is the identity', () => {
    fc.assert(fc.property(fileArb, (text) => serializeEnv(parseEnv(text)) === text));
  });

  it('changes only target lines, sets every one of them, appends the rest', () => {
    fc.assert(
      fc.property(fileArb, entriesArb, (text, entries) => {
        // A file holding only a BOM is covered by its own example test above.
        fc.pre(text !== BOM);
        const before = parseEnv(text);
        const after = parseEnv(setEnvValues(text, entries));
        // Every original line is still there, in place, either unchanged or (if it set a target key) canonical.
        for (const line of before.lines) {
          const now = after.lines[line.number - 1]!;
          const isTarget = line.kind === 'entry' && line.key !== undefined && Object.hasOwn(entries, line.key);
          if (isTarget) {
            const prefix = line.number === 1 && before.bom ? BOM : '';
            expect(now.raw).toBe(`${prefix}${line.key}=${entries[line.key!]}`);
            expect(now.eol).toBe(line.eol === '' && after.lines.length > before.lines.length ? before.lineEnding : line.eol);
          } else {
            expect(now.raw).toBe(line.raw);
            if (line.eol !== '') expect(now.eol).toBe(line.eol);
          }
        }
        // Appended lines are exactly the missing keys, canonical, with the file's own ending.
        const appended = after.lines.slice(before.lines.length);
        const missing = Object.keys(entries).filter((key) => lookupEnv(before, key) === null);
        expect(appended.map((l) => l.raw)).toEqual(missing.map((key) => `${key}=${entries[key]}`));
        for (const line of appended) expect(line.eol).toBe(before.lineEnding);
        // And every key now reads back as the value set.
        for (const [key, value] of Object.entries(entries)) {
          const expected = value.trim().replace(/^(["'])(.*)\1$/s, '$2');
          expect(lookupEnv(after, key)?.value).toBe(expected);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the encoded bytes outside target lines are identical (byte level)', () => {
    fc.assert(
      fc.property(fileArb, (text) => {
        const result = setEnvValues(text, { NEWKEY: 'v' });
        const bytes = Buffer.from(encodeEnvText(result));
        const original = Buffer.from(encodeEnvText(text));
        expect(bytes.subarray(0, original.length).equals(original)).toBe(true);
      }),
    );
  });
});

describe('diffEnvText', () => {
  it('shows a unified diff with hunk headers and no-newline markers', () => {
    const diff = diffEnvText('A=1\nB=2\nC=3', setEnvValues('A=1\nB=2\nC=3', { B: 'x', D: 'y' }), { fileName: 'env' });
    expect(diff).toBe(
      ['--- a/env', '+++ b/env', '@@ -1,3 +1,4 @@', ' A=1', '-B=2', '-C=3', '\\ No newline at end of file', '+B=x', '+C=3', '+D=y', ''].join('\n'),
    );
  });

  it('is empty when nothing changed and redacts secrets by default', () => {
    expect(diffEnvText('A=1\n', 'A=1\n')).toBe('');
    const diff = diffEnvText('globalSettings__installation__key=s3cret\nX=1\n', 'globalSettings__installation__key=s3cret\nX=2\n');
    expect(diff).not.toContain('s3cret');
    expect(diff).toContain('globalSettings__installation__key=<redacted>');
    expect(diffEnvText('P_password=abc\n', 'P_password=abd\n', { redactSecrets: false })).toContain('+P_password=abd');
  });

  it('separates distant changes into hunks', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `K${i}=${i}`);
    const diff = diffEnvText(`${lines.join('\n')}\n`, setEnvValues(`${lines.join('\n')}\n`, { K1: 'a', K25: 'b' }));
    expect(diff.match(/^@@/gm)).toHaveLength(2);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffEnvText } from '../../../main/core/env-file';

interface Line {
  text: string;
  eol: string;
}

/** Reads the old and new texts back out of a single-hunk diff. */
function sides(diff: string): { oldText: string; newText: string; ops: string[] } {
  const body = diff.split('\n').slice(3, -1);
  let oldText = '';
  let newText = '';
  const ops: string[] = [];
  body.forEach((row, index) => {
    if (row.startsWith('\\')) return;
    const type = row[0]!;
    let content = row.slice(1);
    let eol = '\n';
    if (content.endsWith(' (CRLF)')) {
      content = content.slice(0, -' (CRLF)'.length);
      eol = '\r\n';
    }
    if (body[index + 1]?.startsWith('\\')) eol = '';
    ops.push(type);
    if (type !== '+') oldText += content + eol;
    if (type !== '-') newText += content + eol;
  });
  return { oldText, newText, ops };
}

function lcsLength(a: Line[], b: Line[]): number {
  const table: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i]!.text === b[j]!.text && a[i]!.eol === b[j]!.eol ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  return table[0]![0]!;
}

const lineArb = fc.record({ text: fc.constantFrom('A=1', 'A=2', 'B=x', '# c', '', 'C="a=b"  '), eol: fc.constantFrom('\n', '\r\n') });
/**
 * Texts built from generated lines, so the oracle knows the lines without splitting the text again
 * (splitting it with the production pattern would only test the pattern against itself).
 */
const textArb = fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.boolean()).map(([generated, finalNewline]) => {
  const lines: Line[] = generated.map((line) => ({ ...line }));
  const last = lines.at(-1);
  if (!finalNewline && last) last.eol = '';
  // An empty last line without a line ending is no line at all ("A=1\n" is one line).
  if (last && last.eol === '' && last.text === '') lines.pop();
  return { text: lines.map((l) => l.text + l.eol).join(''), lines };
});

describe('diffEnvText line diff (jsdiff)', () => {
  it('is a minimal diff that reproduces both texts, removals before additions in each change', () => {
    fc.assert(
      fc.property(textArb, textArb, ({ text: oldText, lines: a }, { text: newText, lines: b }) => {
        const diff = diffEnvText(oldText, newText, { context: 10_000, redactSecrets: false });
        if (oldText === newText) return diff === '';
        const read = sides(diff);
        expect(read.oldText).toBe(oldText);
        expect(read.newText).toBe(newText);
        expect(read.ops.filter((op) => op !== ' ').length).toBe(a.length + b.length - 2 * lcsLength(a, b));
        expect(read.ops.join('')).not.toMatch(/\+-/);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('a whole-file rewrite of thousands of lines is shown as a block replacement, keeping the common ends', () => {
    const oldLines = Array.from({ length: 3000 }, (_, i) => `OLD${i}=${i}`);
    const newLines = Array.from({ length: 3000 }, (_, i) => `NEW${i}=${i}`);
    const diff = diffEnvText(`FIRST=1\n${oldLines.join('\n')}\nLAST=1\n`, `FIRST=1\n${newLines.join('\n')}\nLAST=1\n`, { context: 1 });
    const rows = diff.split('\n');
    expect(rows[2]).toBe('@@ -1,3002 +1,3002 @@');
    expect(rows[3]).toBe(' FIRST=1');
    expect(rows[4]).toBe('-OLD0=0');
    expect(rows[3004]).toBe('+NEW0=0');
    expect(rows.at(-2)).toBe(' LAST=1');
  });
});

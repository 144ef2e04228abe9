import { describe, expect, it } from 'vitest';
import { formatInvariant, formatIso, parseIsoDate, toEpochSecondsDotNet } from '../../../main/core/license';
import { parseInvariantDate } from '../../../main/core/license/dotnet-date';

function seconds(text: string): number {
  const date = parseIsoDate(text);
  if (!date) throw new Error(`unparsed ${text}`);
  return toEpochSecondsDotNet(date);
}

describe('dates as Bitwarden .NET reads, writes and hashes them', () => {
  it('epoch seconds of the known-good vector dates', () => {
    expect(seconds('2025-09-26T12:00:01Z')).toBe(1758888001);
    expect(seconds('2025-10-26T12:00:01Z')).toBe(1761480001);
    expect(seconds('2025-03-01T00:00:00Z')).toBe(1740787200);
  });

  it('rounds like Math.Round on a double: half to even, with tick precision', () => {
    expect(seconds('2025-09-26T12:00:01.4Z')).toBe(1758888001);
    expect(seconds('2025-09-26T12:00:01.6Z')).toBe(1758888002);
    expect(seconds('2025-09-26T12:00:01.5Z')).toBe(1758888002); // odd .5 goes up to even
    expect(seconds('2025-09-26T12:00:02.5Z')).toBe(1758888002); // even .5 stays
    // 0.4999999 s is not representable next to 1.7e9 s: the double is exactly .5, then half-to-even applies.
    expect(seconds('2025-09-26T12:00:02.4999999Z')).toBe(1758888002);
    expect(seconds('2025-09-26T12:00:01.4999999Z')).toBe(1758888002);
    expect(seconds('2025-09-26T12:00:01.4999997Z')).toBe(1758888001);
  });

  it('reads offsets (converted to UTC, the containers\' local time), missing zones and fractions beyond 7 digits', () => {
    expect(seconds('2025-09-26T14:00:01+02:00')).toBe(1758888001);
    expect(seconds('2025-09-26T12:00:01')).toBe(1758888001);
    expect(parseIsoDate('2025-09-26T12:00:01.123456789Z')?.iso).toBe('2025-09-26T12:00:01.1234567Z');
    expect(parseIsoDate('2025-02-30T00:00:00Z')).toBeNull();
    expect(parseIsoDate('yesterday')).toBeNull();
  });

  it('default(DateTime) hashes as 0001-01-01', () => {
    expect(seconds('0001-01-01T00:00:00Z')).toBe(-62135596800);
  });

  it('writes ISO like System.Text.Json and claims like InvariantCulture', () => {
    const date = parseIsoDate('2026-03-10T09:30:15.2504567Z');
    if (!date) throw new Error('unparsed');
    expect(formatIso(date)).toBe('2026-03-10T09:30:15.2504567Z');
    expect(formatInvariant(date)).toBe('03/10/2026 09:30:15');
    expect(parseInvariantDate('03/10/2026 09:30:15')?.iso).toBe('2026-03-10T09:30:15Z');
  });
});

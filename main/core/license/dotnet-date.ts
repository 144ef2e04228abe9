/**
 * Dates as Bitwarden's .NET server reads and writes them. A .NET `DateTime` counts 100 ns ticks; JavaScript
 * dates count milliseconds, so a license date keeps the sub-millisecond ticks separately: the hash rounds
 * to whole seconds and a fraction like .4999999 must not be lost.
 */

/** A point in time with .NET tick precision: `epochMs * 10_000 + subMsTicks` ticks since 1970-01-01 UTC. */
export interface LicenseDate {
  /** Normalised UTC text, e.g. `2025-09-26T12:00:01.1234567Z` (trailing zeros trimmed, as .NET writes it). */
  iso: string;
  epochMs: number;
  /** 0–9999 ticks of 100 ns below the millisecond. */
  subMsTicks: number;
}

const TICKS_PER_MS = 10_000n;
const TICKS_PER_SECOND = 10_000_000;

// Days from 1970-01-01 for a proleptic Gregorian date; Date.UTC maps years 0–99 to 1900+, so it is avoided.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function fromParts(
  year: number, month: number, day: number, hour: number, minute: number, second: number, fractionTicks: number,
  offsetMinutes: number,
): LicenseDate | null {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const epochSeconds = daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
  const ticks = BigInt(epochSeconds) * BigInt(TICKS_PER_SECOND) + BigInt(fractionTicks);
  return fromTicks(ticks);
}

/** Builds a LicenseDate from ticks since the Unix epoch. */
export function fromTicks(ticks: bigint): LicenseDate {
  let epochMs = ticks / TICKS_PER_MS;
  let sub = ticks % TICKS_PER_MS;
  if (sub < 0n) {
    sub += TICKS_PER_MS;
    epochMs -= 1n;
  }
  const date = { epochMs: Number(epochMs), subMsTicks: Number(sub), iso: '' };
  date.iso = formatIso(date);
  return date;
}

export function toTicks(date: LicenseDate): bigint {
  return BigInt(date.epochMs) * TICKS_PER_MS + BigInt(date.subMsTicks);
}

export function fromJsDate(date: Date): LicenseDate {
  return fromTicks(BigInt(date.getTime()) * TICKS_PER_MS);
}

export function toJsDate(date: LicenseDate): Date {
  return new Date(date.epochMs);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function utcParts(date: LicenseDate) {
  const ticks = toTicks(date);
  const seconds = ticks >= 0n ? ticks / 10_000_000n : -((-ticks + 9_999_999n) / 10_000_000n);
  const fraction = Number(ticks - seconds * 10_000_000n);
  const totalSeconds = Number(seconds);
  const days = Math.floor(totalSeconds / 86_400);
  const secondOfDay = totalSeconds - days * 86_400;
  // Inverse of daysFromCivil.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return {
    year, month, day,
    hour: Math.floor(secondOfDay / 3600), minute: Math.floor((secondOfDay % 3600) / 60), second: secondOfDay % 60,
    fraction,
  };
}

/** ISO 8601 the way System.Text.Json writes a UTC DateTime: up to 7 fraction digits, trailing zeros trimmed. */
export function formatIso(date: LicenseDate): string {
  const p = utcParts(date);
  const fraction = p.fraction === 0 ? '' : `.${pad(p.fraction, 7).replace(/0+$/, '')}`;
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}${fraction}Z`;
}

/** `DateTime.ToString(CultureInfo.InvariantCulture)`: `MM/dd/yyyy HH:mm:ss` (the fraction is dropped). */
export function formatInvariant(date: LicenseDate): string {
  const p = utcParts(date);
  return `${pad(p.month, 2)}/${pad(p.day, 2)}/${pad(p.year, 4)} ${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}`;
}

const ISO_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,16}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses a JSON date as System.Text.Json does for `DateTime`. A date with an offset is converted to the
 * server's local time, which in Bitwarden's containers is UTC; without a zone the wall time is taken as is
 * (and `ToEpocSeconds` treats it as UTC). Digits past the 7th fraction digit are dropped, like .NET.
 */
export function parseIsoDate(text: string): LicenseDate | null {
  const m = ISO_PATTERN.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const fractionTicks = frac ? Number(frac.slice(0, 7).padEnd(7, '0')) : 0;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 14 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return fromParts(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), fractionTicks, offsetMinutes);
}

const INVARIANT_PATTERN = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses the `MM/dd/yyyy HH:mm:ss` claim dates in license tokens (UTC wall time). */
export function parseInvariantDate(text: string): LicenseDate | null {
  const m = INVARIANT_PATTERN.exec(text);
  if (!m) return null;
  const [, mo, d, y, h, mi, s] = m;
  return fromParts(Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), 0, 0);
}

/** `Math.Round(double)` in .NET: midpoints go to the even neighbour. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const diff = value - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `CoreHelpers.ToEpocSeconds`: `Math.Round((date - epoch).TotalSeconds)`. `TotalSeconds` is
 * `(double)ticks / 10_000_000`, so the tick count is first rounded to a double exactly as .NET does
 * (`Number(bigint)` also rounds to nearest, ties to even), then divided, then rounded half-to-even.
 */
export function toEpochSecondsDotNet(date: LicenseDate): number {
  return roundHalfToEven(Number(toTicks(date)) / TICKS_PER_SECOND);
}

/** `default(DateTime)`: 0001-01-01T00:00:00, what .NET leaves in a non-nullable date missing from the JSON. */
export const DOTNET_MIN_DATE: LicenseDate = fromParts(1, 1, 1, 0, 0, 0, 0, 0) as LicenseDate;

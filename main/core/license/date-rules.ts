/** Dates, judged by the local clock with no allowance, like the server's zero-skew token check. */
import { toJsDate } from './dotnet-date';
import type { LicenseProblem, LicenseWarning } from './license-codes';
import { tokenLifetime } from './license-token';
import { isDate, type Findings, type InspectionContext } from './inspection-context';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A license issued this little in the future was most likely just downloaded onto a machine whose clock is behind. */
const SUSPECT_CLOCK_WINDOW_MS = DAY;
const CLOCK_OFFSET_WARNING_MS = 5 * MINUTE;
const EXPIRES_SOON_MS = 30 * DAY;

export function describeSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 2 * MINUTE) return `${Math.round(abs / 1000)} seconds`;
  if (abs < 2 * 60 * MINUTE) return `${Math.round(abs / MINUTE)} minutes`;
  if (abs < 2 * DAY) return `${Math.round(abs / (60 * MINUTE))} hours`;
  return `${Math.round(abs / DAY)} days`;
}

const latest = (dates: Array<Date | undefined>) => extreme(dates, Math.max);
const earliest = (dates: Array<Date | undefined>) => extreme(dates, Math.min);
function extreme(dates: Array<Date | undefined>, pick: (...values: number[]) => number): Date | undefined {
  const known = dates.filter((d): d is Date => d !== undefined);
  return known.length ? new Date(pick(...known.map((d) => d.getTime()))) : undefined;
}

/** The window the server accepts: the later of Issued and the token's nbf, the earlier of Expires and exp. */
function validity(context: InspectionContext): { validFrom?: Date; validUntil?: Date } {
  const { effective } = context;
  const lifetime = context.token?.ok ? tokenLifetime(context.token.decoded) : {};
  const validFrom = latest([isDate(effective.Issued) ? toJsDate(effective.Issued) : undefined, lifetime.notBefore]);
  const validUntil = earliest([isDate(effective.Expires) ? toJsDate(effective.Expires) : undefined, lifetime.expires]);
  return { validFrom, validUntil };
}

export function datesRule(context: InspectionContext): Findings {
  const { now, effective } = context;
  const problems: LicenseProblem[] = [];
  const warnings: LicenseWarning[] = [];
  const clockNotes: string[] = [];
  const { validFrom, validUntil } = validity(context);
  if (validFrom && validFrom.getTime() > now.getTime()) {
    const ahead = validFrom.getTime() - now.getTime();
    problems.push({
      code: 'not-yet-valid',
      message: `The license becomes valid only at ${validFrom.toISOString()}, ${describeSpan(ahead)} from now by this computer's clock; the server allows no clock difference and refuses it until then.`,
    });
    if (ahead <= SUSPECT_CLOCK_WINDOW_MS) {
      clockNotes.push(
        `the license was issued ${describeSpan(ahead)} "in the future", which usually means this computer's clock is behind. Check the time and time zone of this computer and of the Bitwarden server (use NTP), or wait ${describeSpan(ahead)} before uploading`,
      );
    }
  }
  const expired = validUntil !== undefined && validUntil.getTime() < now.getTime();
  if (validUntil && expired) {
    problems.push({ code: 'expired', message: `The license expired at ${validUntil.toISOString()}. Renew the subscription if needed, then download a fresh license.` });
  } else if (validUntil && validUntil.getTime() - now.getTime() <= EXPIRES_SOON_MS) {
    warnings.push({
      code: 'expires-soon',
      message: `The license expires at ${validUntil.toISOString()} (in ${describeSpan(validUntil.getTime() - now.getTime())}). Download and upload a fresh license before then, or set up billing sync so the server fetches it.`,
    });
  }
  const graceStart = isDate(effective.ExpirationWithoutGracePeriod) ? toJsDate(effective.ExpirationWithoutGracePeriod) : undefined;
  if (graceStart && graceStart.getTime() < now.getTime() && !expired) {
    warnings.push({
      code: 'grace-period',
      message: `The subscription period ended at ${graceStart.toISOString()}; the license is in its grace period${validUntil ? ` until ${validUntil.toISOString()}` : ''}. Check the payment in the cloud web vault, then download a fresh license.`,
    });
  }
  const offset = context.clockOffsetMs;
  if (typeof offset === 'number' && Number.isFinite(offset) && Math.abs(offset) > CLOCK_OFFSET_WARNING_MS) {
    clockNotes.push(
      `this computer's clock is ${describeSpan(offset)} ${offset > 0 ? 'ahead of' : 'behind'} Bitwarden's servers, so the date checks here may be off. Set the clock right (NTP) here and on the Bitwarden server: its token check allows no difference`,
    );
  }
  if (clockNotes.length > 0) warnings.push({ code: 'clock-skew', message: `Clock difference: ${clockNotes.join('; also ')}.` });
  return { problems, warnings };
}

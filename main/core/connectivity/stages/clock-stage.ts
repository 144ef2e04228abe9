import { formatDuration } from '../format-duration';
import { CLOCK_SKEW_WARN_MS } from '../types';
import type { HttpAnswer } from './http-stage';
import type { StageOutcome } from './stage-types';

/** The clock stage: this computer's time against the server's (`/alive`, else the Date header). */
export function clockStage(response: HttpAnswer): StageOutcome {
  const dateHeader = response.headers.date ? Date.parse(response.headers.date) : NaN;
  const reference = response.serverTime ?? (Number.isFinite(dateHeader) ? dateHeader : undefined);
  if (reference === undefined) return { status: 'skipped', detail: 'the answer carried no server time' };
  const local = (response.sentAt + response.receivedAt) / 2;
  const skew = Math.round(local - reference);
  const source = response.serverTime !== undefined ? '/alive' : 'Date header';
  const relation = Math.abs(skew) < 1000 ? 'in step with' : `${formatDuration(Math.abs(skew))} ${skew > 0 ? 'ahead of' : 'behind'}`;
  const text = `this computer is ${relation} the server (${source})`;
  if (Math.abs(skew) > CLOCK_SKEW_WARN_MS) return { status: 'warn', detail: `${text} — more than 5 minutes: fix the time (NTP)` };
  return { status: 'pass', detail: text };
}

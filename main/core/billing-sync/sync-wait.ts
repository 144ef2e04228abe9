import { CoreError } from '../shared';
import type { VaultClient } from '../vault-api';
import type { SetupStepId } from '../shared/setup-steps';
import { readSyncError } from './server-words';
import { checkOrganizationId } from './token';

export interface LikelyCause {
  code:
    | 'no-sponsorship-yet'
    | 'cloud-communication-not-active'
    | 'firewall-or-proxy'
    | 'region-mismatch'
    | 'wrong-or-rotated-token'
    | 'identity-back-off';
  title: string;
  explanation: string;
  /** The wizard step that checks or fixes this. */
  step: SetupStepId;
}

export interface SyncWaitProgress {
  attempt: number;
  elapsedMs: number;
  timeoutMs: number;
  lastSyncDate: string | null;
}

export type SyncWaitResult =
  | { outcome: 'synced'; lastSyncDate: string; since: string; attempts: number }
  | { outcome: 'timeout'; lastSyncDate: string | null; neverSynced: boolean; since: string; attempts: number; causes: LikelyCause[] };

export interface SyncWaitOptions {
  self: VaultClient;
  selfHostedOrgId: string;
  /** Only a sync after this moment counts (default: now). */
  since?: Date;
  timeoutMs: number;
  /** Between polls (default 5 s). */
  intervalMs?: number;
  signal?: AbortSignal;
  onProgress?: (progress: SyncWaitProgress) => void;
  now?: () => number;
}

/** Said up front in the step and the CLI: until a member asks for a sponsorship, nothing syncs. */
export const SPONSORSHIP_FIRST_EXPLANATION =
  'A billing sync only talks to the cloud when at least one Families sponsorship exists on this server: Bitwarden skips organizations without sponsorships, ' +
  'the System Administrator Portal still says "Billing Synced!", and the last sync date stays empty. The first real sync happens after a member has requested a ' +
  'Families sponsorship in the self-hosted web vault (Settings → Free Bitwarden Families). Until then, "waiting for the first sponsorship" is the expected state, not an error.';

export const DAILY_SYNC_EXPLANATION =
  'The server also syncs by itself once a day: the api container schedules the first run at a random hour (0–23 h) after each start, then every 24 hours. ' +
  'Every restart of the stack rolls a new random hour, so after a restart the next automatic sync can be up to a day away; use Manually Sync to not wait.';

/**
 * Polls `GET /organization/sponsorship/{orgId}/sync-status` until `lastSyncDate` is newer than `since`,
 * the time is up, or `signal` aborts (then it throws a `cancelled` error). Bounded: at most
 * `timeoutMs / intervalMs + 1` polls. A failed poll is reported through progress and retried, since the
 * api container may be restarting.
 */
export async function waitForSync(options: SyncWaitOptions): Promise<SyncWaitResult> {
  const orgId = checkOrganizationId(options.selfHostedOrgId, 'The self-hosted organization id');
  const now = options.now ?? Date.now;
  const interval = Math.max(50, options.intervalMs ?? 5000);
  const since = options.since ?? new Date(now());
  const sinceMs = since.getTime();
  if (Number.isNaN(sinceMs)) throw new CoreError('invalid-since', 'The start time is not a valid date (use ISO 8601, e.g. 2026-08-20T10:00:00Z).', 'unusable-input');
  const started = now();
  const maxAttempts = Math.floor(options.timeoutMs / interval) + 1;
  let lastSyncDate: string | null = null;
  let attempts = 0;
  for (;;) {
    throwIfAborted(options.signal);
    attempts += 1;
    try {
      lastSyncDate = (await options.self.getSponsorshipSyncStatus(orgId)).lastSyncDate;
    } catch (error) {
      // One failed poll does not end the wait; a permanent failure shows in the last poll's error.
      if (attempts >= maxAttempts) throw pollError(error);
    }
    const elapsedMs = now() - started;
    options.onProgress?.({ attempt: attempts, elapsedMs, timeoutMs: options.timeoutMs, lastSyncDate });
    if (lastSyncDate && parseServerDate(lastSyncDate) > sinceMs) {
      return { outcome: 'synced', lastSyncDate, since: since.toISOString(), attempts };
    }
    if (attempts >= maxAttempts || elapsedMs + interval > options.timeoutMs) break;
    await sleep(interval, options.signal);
  }
  return { outcome: 'timeout', lastSyncDate, neverSynced: lastSyncDate === null, since: since.toISOString(), attempts, causes: likelyCauses({ neverSynced: lastSyncDate === null }) };
}

/** The likely causes of a sync that did not arrive, most likely first. */
export function likelyCauses(input: { neverSynced: boolean }): LikelyCause[] {
  const noSponsorship: LikelyCause = {
    code: 'no-sponsorship-yet',
    title: 'No sponsorship requested yet',
    explanation:
      'The server only contacts the cloud when at least one Families sponsorship exists. Ask a member to request one in the self-hosted web vault (Settings → Free Bitwarden Families), then press Manually Sync again.',
    step: 'sync-verify',
  };
  const rest: LikelyCause[] = [
    {
      code: 'cloud-communication-not-active',
      title: 'Cloud communication was not active when the containers started',
      explanation:
        'The sync job is only registered when globalSettings__enableCloudCommunication=true is in effect at startup. Check the value and restart the stack (Cloud communication → apply).',
      step: 'cloud-communication',
    },
    {
      code: 'firewall-or-proxy',
      title: 'The containers cannot reach the Bitwarden cloud',
      explanation:
        'The api container must reach identity.bitwarden.com and api.bitwarden.com (or .eu) over HTTPS. A firewall or a proxy the containers do not use blocks it; run the firewall check, also from inside the containers.',
      step: 'firewall',
    },
    {
      code: 'region-mismatch',
      title: 'Region mismatch',
      explanation:
        'The installation URIs (installation__identityUri, installation__apiUri) must point at the cloud region the installation ID was made in (US .com or EU .eu); otherwise identity refuses the installation.',
      step: 'connect',
    },
    {
      code: 'wrong-or-rotated-token',
      title: 'Wrong or rotated billing sync token',
      explanation:
        'The server does not check the token when it is saved. If the token was mistyped, or rotated since, the cloud refuses it ("Invalid Billing Sync Key", only in the server\'s logs). ' +
        'Verify through the license sync (sponsorship-setup billing-sync verify): the server then answers "An error has occurred. Check your internet connection and ensure the billing token is correct." — get a fresh token and save it again.',
      step: 'billing-sync',
    },
    {
      code: 'identity-back-off',
      title: 'The server is waiting after a refused token request',
      explanation:
        'After identity refused its installation token, the server waits a day before asking again. After fixing the cause, restart the stack so it asks at once.',
      step: 'cloud-communication',
    },
  ];
  // With a date on record a sponsorship existed once; it may have been removed since, so it stays, last.
  return input.neverSynced ? [noSponsorship, ...rest] : [...rest, noSponsorship];
}

/** Bitwarden writes dates without a zone (UTC); treat a zone-less date as UTC. */
export function parseServerDate(value: string): number {
  const hasZone = /(z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  return Date.parse(hasZone ? value : `${value}Z`);
}

/** The server's words on the last failed poll, read into the step that fixes them (server-words.ts). */
function pollError(error: unknown): unknown {
  const reading = readSyncError(error);
  if (!reading) return error;
  const words = reading.serverMessage ? `The server said: "${reading.serverMessage}" — ` : '';
  return new CoreError(reading.code, `${words}${reading.explanation}`, 'problem', { step: reading.step, serverMessage: reading.serverMessage });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

function abortError(): Error {
  const error = new Error('The wait for the sync was cancelled.');
  error.name = 'AbortError';
  return error;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { HostLockHolder } from '../../../main/core/host';
import { aliveHere, isStaleHolder, LOCK_STALE_MS, processStartTicks, sameProcess } from '../../../main/core/host/lock-staleness';

const NOW = Date.parse('2026-12-02T01:00:00Z');
const taken = (msAgo: number, extra: Partial<HostLockHolder> = {}): HostLockHolder => ({
  pid: 4242,
  hostname: 'server',
  user: 'bitwarden',
  command: 'sponsorship-setup.mjs',
  since: new Date(NOW - msAgo).toISOString(),
  ...extra,
});

describe('isStaleHolder', () => {
  it('an edit lock goes stale by age, or at once when its process is gone', () => {
    expect(isStaleHolder(taken(LOCK_STALE_MS - 1), true, NOW)).toBe(false);
    expect(isStaleHolder(taken(LOCK_STALE_MS + 1), true, NOW)).toBe(true);
    expect(isStaleHolder(taken(LOCK_STALE_MS + 1), null, NOW)).toBe(true);
    expect(isStaleHolder(taken(0), false, NOW)).toBe(true);
  });

  it('a long-held lock (a rebuild taking minutes) is kept while its process lives, however old', () => {
    const rebuilding = taken(30 * LOCK_STALE_MS, { longHeld: true });
    expect(isStaleHolder(rebuilding, true, NOW)).toBe(false);
    expect(isStaleHolder(taken(0, { longHeld: true }), false, NOW)).toBe(true);
    // Nobody can look at its process (another machine): the age decides after all, so no lock is kept forever.
    expect(isStaleHolder(rebuilding, null, NOW)).toBe(true);
    expect(isStaleHolder(taken(LOCK_STALE_MS - 1, { longHeld: true }), null, NOW)).toBe(false);
  });

  it('the stale age can be given (tests of a long run need not wait a minute)', () => {
    expect(isStaleHolder(taken(200), null, NOW, 100)).toBe(true);
    expect(isStaleHolder(taken(200, { longHeld: true }), true, NOW, 100)).toBe(false);
  });
});

describe('aliveHere', () => {
  it('looks at processes of this machine only', () => {
    expect(aliveHere(taken(0, { hostname: os.hostname(), pid: process.pid }))).toBe(true);
    expect(aliveHere(taken(0, { hostname: os.hostname(), pid: 2 ** 22 + 999 }))).toBe(false);
    expect(aliveHere(taken(0, { hostname: 'elsewhere.example', pid: process.pid }))).toBeNull();
    expect(aliveHere(taken(0, { hostname: os.hostname(), pid: 0 }))).toBeNull();
  });
});

describe('sameProcess', () => {
  it('a live pid is the holder only if it started when the holder did; unknown start times count as the same', () => {
    const mine = processStartTicks(process.pid);
    expect(mine).toMatch(/^\d+$/);
    expect(sameProcess(taken(0, { startTicks: mine! }), mine)).toBe(true);
    expect(sameProcess(taken(0, { startTicks: '1' }), mine)).toBe(false);
    expect(sameProcess(taken(0), mine)).toBe(true);
    expect(sameProcess(taken(0, { startTicks: '1' }), null)).toBe(true);
    expect(aliveHere(taken(0, { hostname: os.hostname(), pid: process.pid, startTicks: '1' }))).toBe(false);
    expect(aliveHere(taken(0, { hostname: os.hostname(), pid: process.pid, startTicks: mine! }))).toBe(true);
  });
});

import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostLockBusyError, type HostLockHolder } from '../../../main/core/host';
import { localLock, lockFolderFor } from '../../../main/core/host/local-lock';
import { isStaleOnServer, type ServerView } from '../../../main/core/host/ssh/ssh-lock';
import { aliveHere, bootIdHere, holderOrRunAlive, isStaleHolder, LOCK_STALE_MS, pidNamespaceHere, processStartTicks, runAliveHere, sameMachine, sameProcess, thisProcessAsHolder } from '../../../main/core/host/lock-staleness';

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
    expect(isStaleHolder(taken(LOCK_STALE_MS - 1), true, LOCK_STALE_MS - 1)).toBe(false);
    expect(isStaleHolder(taken(LOCK_STALE_MS + 1), true, LOCK_STALE_MS + 1)).toBe(true);
    expect(isStaleHolder(taken(LOCK_STALE_MS + 1), null, LOCK_STALE_MS + 1)).toBe(true);
    expect(isStaleHolder(taken(0), false, 0)).toBe(true);
  });

  it('a long-held lock (a rebuild taking minutes) is kept while its process lives, however old', () => {
    const rebuilding = taken(30 * LOCK_STALE_MS, { longHeld: true });
    expect(isStaleHolder(rebuilding, true, 30 * LOCK_STALE_MS)).toBe(false);
    expect(isStaleHolder(taken(0, { longHeld: true }), false, 0)).toBe(true);
    // Nobody can look at its process (another machine): the age decides after all, so no lock is kept forever.
    expect(isStaleHolder(rebuilding, null, 30 * LOCK_STALE_MS)).toBe(true);
    expect(isStaleHolder(taken(LOCK_STALE_MS - 1, { longHeld: true }), null, LOCK_STALE_MS - 1)).toBe(false);
  });

  it('without an age given, it is the time since the holder took the lock', () => {
    const since = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    expect(isStaleHolder(taken(0, { since: since(LOCK_STALE_MS + 5_000) }), null)).toBe(true);
    expect(isStaleHolder(taken(0, { since: since(0) }), null)).toBe(false);
  });

  it('the stale age can be given (tests of a long run need not wait a minute)', () => {
    expect(isStaleHolder(taken(200), null, 200, 100)).toBe(true);
    expect(isStaleHolder(taken(200, { longHeld: true }), true, 200, 100)).toBe(false);
  });
});

describe('aliveHere', () => {
  it('a holder that wrote a boot id is judged here only on that boot of a machine, of the same hostname', () => {
    const bootId = bootIdHere();
    expect(bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(aliveHere(taken(0, { hostname: os.hostname(), bootId: bootId!, pid: process.pid }))).toBe(true);
    // A container on this machine shares its boot id but not its hostname: its pids are not this machine's.
    expect(aliveHere(taken(0, { hostname: 'container-1', bootId: bootId!, pid: 2 ** 22 + 999 }))).toBeNull();
    // Another machine of the same hostname (or this one before a reboot): its pid says nothing here.
    expect(aliveHere(taken(0, { hostname: os.hostname(), bootId: '00000000-0000-0000-0000-000000000000', pid: process.pid }))).toBeNull();
    expect(thisProcessAsHolder('me', true)).toMatchObject({ pid: process.pid, hostname: os.hostname(), bootId, user: 'me', longHeld: true });
  });

  it('a holder in another pid namespace (a container with the host network, a Flatpak) is not judged here, whatever its hostname', () => {
    const pidNs = pidNamespaceHere();
    expect(pidNs).toMatch(/^pid:\[\d+\]$/);
    expect(thisProcessAsHolder('me', false).pidNs).toBe(pidNs);
    const here = { hostname: os.hostname(), bootId: bootIdHere()!, pid: 2 ** 22 + 999 };
    expect(aliveHere(taken(0, { ...here, pidNs: 'pid:[1]' }))).toBeNull();
    expect(aliveHere(taken(0, { ...here, pidNs: pidNs! }))).toBe(false);
    expect(sameMachine(taken(0, { hostname: 'server', bootId: 'boot-1', pidNs: 'pid:[7]' }), { hostname: 'server', bootId: 'boot-1', pidNs: 'pid:[8]' })).toBe(false);
    expect(sameMachine(taken(0, { hostname: 'server', bootId: 'boot-1', pidNs: 'pid:[7]' }), { hostname: 'server', bootId: 'boot-1', pidNs: null })).toBe(false);
    expect(sameMachine(taken(0, { hostname: 'server', bootId: 'boot-1', pidNs: 'pid:[7]' }), { hostname: 'server', bootId: 'boot-1', pidNs: 'pid:[7]' })).toBe(true);
  });

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

describe('isStaleOnServer (SSH): what the server saw decides', () => {
  const server = (extra: Partial<ServerView>): ServerView => ({ hostname: 'server', bootId: 'boot-1', alive: 'unknown', folderAgeMs: 1_000, ...extra });
  const far = (extra: Partial<HostLockHolder>) => taken(0, { hostname: 'client.example', bootId: 'boot-client', ...extra });

  it("ages a lock by the folder's age on the server, not by the clients' clocks", () => {
    // A client whose clock runs 5 minutes ahead wrote a 'since' far in the future: the folder is 2 minutes old all the same.
    expect(isStaleOnServer(far({ since: new Date(Date.now() + 5 * LOCK_STALE_MS).toISOString() }), server({ folderAgeMs: 2 * LOCK_STALE_MS }))).toBe(true);
    // One whose clock runs behind wrote an old 'since': the folder was made a second ago.
    expect(isStaleOnServer(far({ since: new Date(Date.now() - 5 * LOCK_STALE_MS).toISOString() }), server({ folderAgeMs: 1_000 }))).toBe(false);
    expect(isStaleOnServer(null, server({ folderAgeMs: 2 * LOCK_STALE_MS }))).toBe(true);
    expect(isStaleOnServer(null, server({ folderAgeMs: 1_000 }))).toBe(false);
  });

  it("judges the holder's pid on the server only when it took the lock on that boot of the server", () => {
    const onServer = (extra: Partial<HostLockHolder>) => taken(0, { hostname: 'server', bootId: 'boot-1', longHeld: true, startTicks: '77', ...extra });
    expect(isStaleOnServer(onServer({}), server({ alive: 'no', folderAgeMs: 0 }))).toBe(true);
    expect(isStaleOnServer(onServer({}), server({ alive: 'yes 77', folderAgeMs: 30 * LOCK_STALE_MS }))).toBe(false);
    expect(isStaleOnServer(onServer({}), server({ alive: 'yes 78', folderAgeMs: 0 }))).toBe(true);
    // Hidden by hidepid: alive, start time unknown.
    expect(isStaleOnServer(onServer({}), server({ alive: 'yes', folderAgeMs: 30 * LOCK_STALE_MS }))).toBe(false);
    // Same hostname, another boot (another machine, or before a reboot): its pid is not looked at, the age decides.
    expect(isStaleOnServer(onServer({ bootId: 'boot-0' }), server({ alive: 'yes 77', folderAgeMs: 30 * LOCK_STALE_MS }))).toBe(true);
    expect(isStaleOnServer(onServer({ bootId: 'boot-0' }), server({ alive: 'no', folderAgeMs: 1_000 }))).toBe(false);
    // An older version's holder without a boot id: the hostname decides.
    expect(isStaleOnServer(onServer({ bootId: undefined }), server({ alive: 'no', folderAgeMs: 0 }))).toBe(true);
  });
});

describe('holderOrRunAlive', () => {
  it('a lock lives while its holder or the run it named lives; it is gone only when both are', () => {
    expect(holderOrRunAlive(false, true)).toBe(true);
    expect(holderOrRunAlive(null, true)).toBe(true);
    expect(holderOrRunAlive(true, false)).toBe(true);
    expect(holderOrRunAlive(false, false)).toBe(false);
    expect(holderOrRunAlive(false, undefined)).toBe(false);
    // The holder is gone but nobody can tell about its run: unknown, the age decides.
    expect(holderOrRunAlive(false, null)).toBeNull();
    expect(holderOrRunAlive(null, false)).toBeNull();
  });

  it('a run here is alive by its pid and start time', () => {
    expect(runAliveHere({ pid: process.pid, startTicks: processStartTicks(process.pid)! })).toBe(true);
    expect(runAliveHere({ pid: process.pid, startTicks: '1' })).toBe(false);
    expect(runAliveHere({ pid: 2 ** 22 + 31, group: true })).toBe(false);
  });
});

describe('localLock on the server: a lock is aged by its folder', () => {
  it("keeps an SSH client's long-held lock whose 'since' is old while its heartbeat keeps the folder young", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lock-age-'));
    const target = path.join(dir, '.sponsorship-setup-apply');
    const folder = lockFolderFor(target);
    await fs.mkdir(folder);
    // Taken from another machine 30 minutes ago (its named run ended); the folder was touched just now.
    const holder = taken(0, { hostname: 'client.example', bootId: 'boot-client', longHeld: true, since: new Date(Date.now() - 30 * LOCK_STALE_MS).toISOString() });
    await fs.writeFile(path.join(folder, 'owner.json'), JSON.stringify(holder));
    try {
      await expect(localLock(target, { waitMs: 100 })).rejects.toBeInstanceOf(HostLockBusyError);
      expect(JSON.parse(await fs.readFile(path.join(folder, 'owner.json'), 'utf8'))).toMatchObject({ hostname: 'client.example' });
      // Once the folder itself is older than the stale age (no heartbeat), it is taken over.
      const old = new Date(Date.now() - 2 * LOCK_STALE_MS);
      await fs.utimes(folder, old, old);
      const lock = await localLock(target, { waitMs: 100 });
      expect(JSON.parse(await fs.readFile(path.join(folder, 'owner.json'), 'utf8'))).toMatchObject({ pid: process.pid });
      await lock.release();
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

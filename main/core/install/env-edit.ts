import { decodeEnvText, diffEnvText, encodeEnvText, lookupEnv, parseEnv, setEnvValues } from '../env-file';
import { isHostError, type Host } from '../host/host';
import { CoreError, type Problem } from '../shared';
import { checkAdminEmail, planAdminAddition, type AdminAddition } from './admin-email';
import { ENV_KEYS, REGION_URIS, parseRegion } from './cloud-settings';
import { hostPath, installErrorFrom } from './install-paths';
import { collectFindings, findRegionMismatches, loadEnvFile, readInstallFile, type LoadedEnvFile } from './install-status';
import { locateInstall, type InstallLocation } from './locate-install';

/** A change to the env file worked out but not written. */
export interface EnvEditPlan {
  /** Whether writing would change the file (false: it already says what we want). */
  changed: boolean;
  /** The env file that is (or would be) edited. */
  file: string;
  /** Unified diff old → new, secrets redacted; `''` when unchanged. */
  diff: string;
  /** Findings about the file as it would be after the edit (e.g. `duplicate-key`). */
  problems: Problem[];
  /** `enableCloud` with `addAdmin` only: what became of the admin e-mail. */
  admins?: AdminAddition;
}

/** The outcome of an edit. */
export interface EnvEditResult extends EnvEditPlan {
  /** The backup made before writing (same folder, same mode and owner), or `null` when nothing was written. */
  backup: string | null;
  /** True when `dryRun` was asked: nothing was written. */
  dryRun: boolean;
}

export interface EnvEditOptions {
  /** Work out and return the diff, write nothing. */
  dryRun?: boolean;
  /** Clock for the backup name (tests). */
  now?: () => Date;
  /** How long to wait for another editor's lock on the env file before `busy` (default 10 s). */
  lockWaitMs?: number;
}

export interface EnableCloudOptions extends EnvEditOptions {
  /**
   * Replace installation/push URIs that point at the other cloud region with the install's own
   * region's URIs. Without it such a URI stops the edit with `region-mismatch`.
   */
  fixRegion?: boolean;
  /** Also set `adminSettings__admins` to this e-mail when it is empty (same edit, same restart). */
  addAdmin?: string;
}

export interface EnableCloudPlan extends EnvEditPlan {
  /** The edit would stop with `region-mismatch` (a URI for the other region and no `fixRegion`). */
  blockedByRegionMismatch: boolean;
}

/**
 * What `enableCloud` would change, without writing. With a region mismatch and no `fixRegion` the
 * plan is `changed: false, blockedByRegionMismatch: true` and the mismatch is in `problems`.
 * @throws the unusable-input CoreErrors of `readInstallStatus`.
 */
export async function planEnableCloud(host: Host, dir: string, options: { fixRegion?: boolean; addAdmin?: string } = {}): Promise<EnableCloudPlan> {
  const admin = options.addAdmin === undefined ? undefined : checkAdminEmail(options.addAdmin);
  const loaded = await loadEnvFile(host, dir);
  const computed = enableCloudEntries(loaded, options.fixRegion ?? false, admin);
  if (!computed.ok) {
    return { changed: false, file: loaded.location.envFilePath, diff: '', problems: computed.blocked, blockedByRegionMismatch: true };
  }
  const { newText: _newText, ...plan } = planFor(loaded, computed.entries);
  return { ...plan, admins: computed.admins, blockedByRegionMismatch: false };
}

/**
 * Turns on cloud communication (`globalSettings__enableCloudCommunication=true`). On an EU install
 * (`cloudRegion=EU`) it also adds the EU installation identity/api URIs and the EU push relay when
 * they are absent. Running it again changes nothing (`changed: false`, no backup).
 *
 * The env file is backed up beside itself first, then replaced atomically only if it still holds
 * what was read. The services only see the change after `applyConfiguration` (runner).
 *
 * @throws CoreError `region-mismatch` (outcome `problem`, nothing changed) when a URI points at the
 *   other region and `fixRegion` is not set; `changed-during-edit` (nothing written) when the file
 *   changed between read and write; and the unusable-input codes of `readInstallStatus`.
 */
export async function enableCloud(host: Host, dir: string, options: EnableCloudOptions = {}): Promise<EnvEditResult> {
  const admin = options.addAdmin === undefined ? undefined : checkAdminEmail(options.addAdmin);
  return withEnvFileLock(host, dir, options, () => enableCloudLocked(host, dir, options, admin));
}

async function enableCloudLocked(host: Host, dir: string, options: EnableCloudOptions, admin: string | undefined): Promise<EnvEditResult> {
  const loaded = await loadEnvFile(host, dir);
  const computed = enableCloudEntries(loaded, options.fixRegion ?? false, admin);
  if (!computed.ok) {
    throw new CoreError(
      'region-mismatch',
      `${computed.blocked.map((p) => p.message).join(' ')} Nothing was changed; run again with the region fix to correct it.`,
      'problem',
      { file: loaded.location.envFilePath },
    );
  }
  const written = await writePlan(host, loaded, computed.entries, options);
  return computed.admins ? { ...written, admins: computed.admins } : written;
}

/**
 * Sets arbitrary keys (e.g. HTTPS_PROXY/HTTP_PROXY/NO_PROXY) with the same diff, backup and
 * atomic-write machinery as `enableCloud`. Values must not contain line breaks (`invalid-value`).
 */
export async function updateEnvValues(
  host: Host,
  dir: string,
  entries: Readonly<Record<string, string>>,
  options: EnvEditOptions = {},
): Promise<EnvEditResult> {
  return withEnvFileLock(host, dir, options, async () => writePlan(host, await loadEnvFile(host, dir), entries, options));
}

/**
 * Runs a whole read → compare → replace while holding the host's lock on the env file, so two
 * editors (this app, the CLI, a second CLI) never both succeed with one edit lost: the second waits
 * for the first, then reads what the first wrote. A dry run only reads and takes no lock.
 * @throws CoreError `busy` (outcome `problem`) naming the holder when the lock stays taken.
 */
async function withEnvFileLock<T>(host: Host, dir: string, options: EnvEditOptions, edit: () => Promise<T>): Promise<T> {
  if (options.dryRun) return edit();
  const location = await locateInstall(host, dir);
  const target = await host.resolveLinks(location.envFilePath).catch(() => location.envFilePath);
  let lock;
  try {
    lock = await host.lock(target, options.lockWaitMs === undefined ? {} : { waitMs: options.lockWaitMs });
  } catch (error) {
    throw installErrorFrom(error, location.envFilePath, location.bwdataPath);
  }
  try {
    return await edit();
  } finally {
    await lock.release();
  }
}

type EnableCloudEntries = { ok: true; entries: Record<string, string>; admins?: AdminAddition } | { ok: false; blocked: Problem[] };

function enableCloudEntries(loaded: LoadedEnvFile, fixRegion: boolean, addAdmin?: string): EnableCloudEntries {
  const { document } = loaded;
  const region = parseRegion(lookupEnv(document, ENV_KEYS.cloudRegion)?.value);
  const entries: Record<string, string> = { [ENV_KEYS.enableCloudCommunication]: 'true' };
  const mismatches = findRegionMismatches(document, region);
  if (mismatches.length > 0 && !fixRegion) {
    return { ok: false, blocked: mismatches.map((m) => ({ code: 'region-mismatch', message: m.message })) };
  }
  for (const mismatch of mismatches) entries[mismatch.key] = mismatch.expected;
  if (region === 'EU') {
    // The server does not derive these from cloudRegion; absent means the US defaults.
    const eu = REGION_URIS.EU;
    const absent = (key: string) => !lookupEnv(document, key)?.value.trim();
    if (absent(ENV_KEYS.identityUri)) entries[ENV_KEYS.identityUri] = eu.identity;
    if (absent(ENV_KEYS.apiUri)) entries[ENV_KEYS.apiUri] = eu.api;
    if (absent(ENV_KEYS.pushRelayUri)) entries[ENV_KEYS.pushRelayUri] = eu.push;
  }
  if (addAdmin === undefined) return { ok: true, entries };
  const admin = planAdminAddition(lookupEnv(document, ENV_KEYS.admins)?.value, addAdmin);
  return { ok: true, entries: { ...entries, ...admin.entries }, admins: admin.addition };
}

function planFor(loaded: LoadedEnvFile, entries: Readonly<Record<string, string>>): EnvEditPlan & { newText: string } {
  const newText = setEnvValues(loaded.text, entries);
  const p = loaded.location.envFilePath;
  return {
    changed: newText !== loaded.text,
    file: p,
    diff: diffEnvText(loaded.text, newText, { fileName: 'bwdata/env/global.override.env' }),
    problems: collectFindings(parseEnv(newText)),
    newText,
  };
}

async function writePlan(host: Host, loaded: LoadedEnvFile, entries: Readonly<Record<string, string>>, options: EnvEditOptions): Promise<EnvEditResult> {
  const { newText, ...plan } = planFor(loaded, entries);
  const dryRun = options.dryRun ?? false;
  if (!plan.changed || dryRun) return { ...plan, backup: null, dryRun };
  const backup = await safeReplace(host, loaded.location, loaded.bytes, encodeEnvText(newText), options.now ?? (() => new Date()));
  return { ...plan, backup, dryRun };
}

/** Backs the file up beside itself, then replaces it only if it still holds `expected`. */
async function safeReplace(host: Host, location: InstallLocation, expected: Uint8Array, content: Uint8Array, now: () => Date): Promise<string> {
  const backup = await makeBackup(host, location, now());
  try {
    await host.writeFileIfUnchanged(location.envFilePath, expected, content);
  } catch (error) {
    throw withBackupNamed(installErrorFrom(error, location.envFilePath, location.bwdataPath), backup);
  }
  return backup;
}

/** The backup was made before the write failed: the error says where it is, so nobody hunts for it. */
function withBackupNamed(error: unknown, backup: string): unknown {
  if (!(error instanceof CoreError)) return error;
  return new CoreError(error.code, `${error.message} The file as it was before this attempt is backed up in ${backup}.`, error.outcome, { ...error.details, backup }, error.fix);
}

const BACKUP_NAME = /^global\.override\.env\.(\d{8}T\d{9}Z)(?:-(\d+))?\.bak$/;

function backupStamp(date: Date): string {
  const iso = date.toISOString(); // 2026-11-25T13:45:00.123Z
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${iso.slice(20, 23)}Z`;
}

async function makeBackup(host: Host, location: InstallLocation, date: Date): Promise<string> {
  const p = hostPath(host);
  const folder = p.dirname(location.envFilePath);
  const stamp = backupStamp(date);
  for (let attempt = 1; attempt <= 50; attempt++) {
    const name = `global.override.env.${stamp}${attempt === 1 ? '' : `-${attempt}`}.bak`;
    const target = p.join(folder, name);
    try {
      await host.backup(location.envFilePath, target);
      return target;
    } catch (error) {
      if (isHostError(error, 'already-exists')) continue;
      throw installErrorFrom(error, target, location.bwdataPath);
    }
  }
  throw new CoreError('backup-failed', `Could not find a free backup name in ${folder}.`, 'problem');
}

/** A backup of the env file made by this app. */
export interface EnvBackup {
  path: string;
  name: string;
  /** When it was made (ISO 8601, UTC), from its name. */
  createdAt: string;
}

/** Backups of the env file beside it, newest first. */
export async function listEnvBackups(host: Host, dir: string): Promise<EnvBackup[]> {
  const location = await locateInstall(host, dir);
  return backupsIn(host, location);
}

async function backupsIn(host: Host, location: InstallLocation): Promise<EnvBackup[]> {
  const p = hostPath(host);
  const folder = p.dirname(location.envFilePath);
  let entries;
  try {
    entries = await host.list(folder);
  } catch (error) {
    throw installErrorFrom(error, folder, location.bwdataPath);
  }
  const found: Array<EnvBackup & { order: [string, number] }> = [];
  for (const entry of entries) {
    const match = BACKUP_NAME.exec(entry.name);
    if (!match || entry.kind !== 'file') continue;
    const stamp = match[1]!;
    const createdAt = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
    found.push({ path: p.join(folder, entry.name), name: entry.name, createdAt, order: [stamp, Number(match[2] ?? 1)] });
  }
  found.sort((a, b) => (a.order[0] === b.order[0] ? b.order[1] - a.order[1] : a.order[0] < b.order[0] ? 1 : -1));
  return found.map(({ order: _order, ...backup }) => backup);
}

export interface RestoreResult extends EnvEditResult {
  /** The backup whose content is now in the env file. */
  restoredFrom: string;
}

/**
 * Puts a backup's content back into the env file (the newest backup when `backupPath` is omitted).
 * The current file is backed up first, and the write is the same safe replace as any edit.
 * @throws CoreError `no-backup` (unusable-input) when there is none or `backupPath` is not one of
 *   this file's backups; `changed-during-edit`; the unusable-input codes of `readInstallStatus`.
 */
export async function restoreEnvBackup(host: Host, dir: string, backupPath?: string, options: EnvEditOptions = {}): Promise<RestoreResult> {
  return withEnvFileLock(host, dir, options, () => restoreLocked(host, dir, backupPath, options));
}

async function restoreLocked(host: Host, dir: string, backupPath: string | undefined, options: EnvEditOptions): Promise<RestoreResult> {
  const loaded = await loadEnvFile(host, dir);
  const backups = await backupsIn(host, loaded.location);
  const chosen = backupPath === undefined ? backups[0] : backups.find((b) => b.path === hostPath(host).resolve(backupPath));
  if (!chosen) {
    throw new CoreError(
      'no-backup',
      backupPath === undefined ? `There is no backup of ${loaded.location.envFilePath} to restore.` : `${backupPath} is not a backup of ${loaded.location.envFilePath}.`,
      'unusable-input',
    );
  }
  const bytes = await readInstallFile(host, chosen.path, loaded.location.bwdataPath);
  const text = decodeEnvText(bytes, chosen.path);
  const plan = {
    changed: text !== loaded.text,
    file: loaded.location.envFilePath,
    diff: diffEnvText(loaded.text, text, { fileName: 'bwdata/env/global.override.env' }),
    problems: collectFindings(parseEnv(text)),
  };
  const dryRun = options.dryRun ?? false;
  if (!plan.changed || dryRun) return { ...plan, backup: null, dryRun, restoredFrom: chosen.path };
  const backup = await safeReplace(host, loaded.location, loaded.bytes, bytes, options.now ?? (() => new Date()));
  return { ...plan, backup, dryRun, restoredFrom: chosen.path };
}

import path from 'node:path';
import type { Host, HostDirectoryEntry } from '../host';

export interface ServerLogLine {
  /** `admin` or `api`. */
  container: 'admin' | 'api';
  /** File path relative to bwdata/logs. */
  file: string;
  text: string;
}

export interface ServerLogExcerpt {
  lines: ServerLogLine[];
  /** Why some logs could not be read (missing folder, no permission, too large). */
  notes: string[];
}

/** Words of the sync and identity lines (messages of `BaseIdentityClientService.cs` and `SelfHostedSponsorshipSyncJob.cs`). */
const RELEVANT = /sponsorship|billing ?sync|sync|connect\/token|identity|installation|cloud communication|licens/i;
/** Serilog rolls daily; one day's file of a busy server can be several MiB. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;
const FILES_PER_CONTAINER = 2;

/**
 * The recent lines of `bwdata/logs/admin` and `bwdata/logs/api` that concern sync and identity, read
 * through the Host (the same code works over SSH later). Secrets that a log line could carry
 * (bearer tokens, client secrets, billing sync keys) are masked.
 */
export async function readSyncLogExcerpt(host: Host, bwdataPath: string, options: { maxLines?: number } = {}): Promise<ServerLogExcerpt> {
  const p = host.platform === 'win32' ? path.win32 : path.posix;
  const maxLines = options.maxLines ?? 40;
  const lines: ServerLogLine[] = [];
  const notes: string[] = [];
  for (const container of ['admin', 'api'] as const) {
    const folder = p.join(bwdataPath, 'logs', container);
    let files: Array<{ file: string; mtimeMs: number }>;
    try {
      files = await logFiles(host, folder, p);
    } catch (error) {
      notes.push(`${p.join('logs', container)}: ${describe(error)}`);
      continue;
    }
    if (files.length === 0) {
      notes.push(`${p.join('logs', container)}: no log files.`);
      continue;
    }
    const newest = files.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(0, FILES_PER_CONTAINER).reverse();
    const found: ServerLogLine[] = [];
    for (const { file } of newest) {
      let text: string;
      try {
        text = new TextDecoder().decode(await host.readFile(file, { maxBytes: MAX_LOG_BYTES }));
      } catch (error) {
        notes.push(`${p.relative(bwdataPath, file)}: ${describe(error)}`);
        continue;
      }
      for (const line of text.split(/\r?\n/)) {
        if (line.trim() && RELEVANT.test(line)) found.push({ container, file: p.relative(p.join(bwdataPath, 'logs'), file), text: redactLogLine(line).slice(0, 2000) });
      }
    }
    lines.push(...found.slice(-maxLines));
  }
  return { lines, notes };
}

/** Masks values that must never reach a screen or a report. */
export function redactLogLine(line: string): string {
  return line
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]')
    .replace(/((?:client_secret|billingSyncKey|BillingSyncKey|installation__key|apiKey|password)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi, '$1[redacted]');
}

async function logFiles(host: Host, folder: string, p: path.PlatformPath, depth = 0): Promise<Array<{ file: string; mtimeMs: number }>> {
  const entries: HostDirectoryEntry[] = await host.list(folder);
  const result: Array<{ file: string; mtimeMs: number }> = [];
  for (const entry of entries) {
    const full = p.join(folder, entry.name);
    if (entry.kind === 'directory' && depth < 2) result.push(...(await logFiles(host, full, p, depth + 1).catch(() => [])));
    else if ((entry.kind === 'file' || entry.kind === 'symlink') && /\.(txt|log)$/i.test(entry.name)) {
      const stat = await host.stat(full);
      if (stat) result.push({ file: full, mtimeMs: stat.mtimeMs });
    }
  }
  return result;
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'not-found') return 'not found (is this the server running Bitwarden?).';
  if (code === 'permission-denied') return 'permission denied (run as the bwdata owner or with sudo to read logs).';
  if (code === 'too-large') return 'too large to read here; look at its end with `tail`.';
  return error instanceof Error ? error.message : String(error);
}

import type { InstallStatus } from '../core/install';

/**
 * Payload types that cross IPC. They are plain data (structured-clone safe) and never carry secrets.
 * Capability result types are re-exported from core so both sides agree on one definition.
 */
export interface AppInfo {
  name: string;
  version: string;
  platform: NodeJS.Platform;
  /** Whether secrets persist in the OS keychain or only in memory for this session (with why). */
  secretStorage: { persistent: boolean; reason?: string };
}

/** What the Connect step shows about an install (core's InstallStatus; the key itself is never in it). */
export type InstallInspection = InstallStatus;

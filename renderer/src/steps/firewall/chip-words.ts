import type { StagesByTarget } from '../../state/firewall-slice';

export type Stage = StagesByTarget[string][number];
export type ChipStatus = Stage['status'] | 'pending' | 'running';

/** What a screen reader hears for each chip (the mark is hidden from it). */
export const CHIP_LABEL: Record<ChipStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  warn: 'warn',
  skipped: 'skipped',
  pending: 'waiting',
  running: 'running',
};
export const CHIP_MARK: Record<ChipStatus, string> = { pass: '✓', fail: '✗', warn: '!', skipped: '–', pending: '·', running: '…' };

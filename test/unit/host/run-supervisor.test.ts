import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { superviseRun, type RunStopSignal } from '../../../main/core/host/run-supervisor';

describe('superviseRun', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('cancel sends TERM to the group at once and KILL after the grace period', () => {
    const sent: RunStopSignal[] = [];
    const controller = new AbortController();
    const supervisor = superviseRun({ signal: controller.signal, killGraceMs: 1_000, signalGroup: (signal) => sent.push(signal) });
    controller.abort();
    expect(sent).toEqual(['TERM']);
    expect(supervisor.cancelled).toBe(true);
    vi.advanceTimersByTime(999);
    expect(sent).toEqual(['TERM']);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual(['TERM', 'KILL']);
    supervisor.dispose();
  });

  it('passes started on to onStarted once; a throwing callback does not break the run it is told about', () => {
    const told: (string | null)[] = [];
    const supervisor = superviseRun({
      killGraceMs: 10,
      signalGroup: () => undefined,
      onStarted: ({ recordedAs }) => {
        told.push(recordedAs);
        throw new Error('the caller failed');
      },
    });
    expect(() => supervisor.started({ recordedAs: '20261202-010101-AbCdEf' })).not.toThrow();
    supervisor.started({ recordedAs: null });
    expect(told).toEqual(['20261202-010101-AbCdEf']);
    supervisor.dispose();
  });

  it('an already aborted signal stops the run at once', () => {
    const sent: RunStopSignal[] = [];
    const supervisor = superviseRun({ signal: AbortSignal.abort(), killGraceMs: 10, signalGroup: (signal) => sent.push(signal) });
    expect(sent).toEqual(['TERM']);
    expect(supervisor.cancelled).toBe(true);
    supervisor.dispose();
  });

  it('silence past the idle timeout stops the run as timed out; every output line re-arms the timer', () => {
    const sent: RunStopSignal[] = [];
    const supervisor = superviseRun({ idleTimeoutMs: 500, killGraceMs: 100, signalGroup: (signal) => sent.push(signal) });
    vi.advanceTimersByTime(400);
    supervisor.sawOutput();
    vi.advanceTimersByTime(400);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['TERM']);
    expect(supervisor).toMatchObject({ timedOut: true, cancelled: false });
    vi.advanceTimersByTime(100);
    expect(sent).toEqual(['TERM', 'KILL']);
    supervisor.dispose();
  });

  it('after dispose nothing more is sent and a later abort is ignored', () => {
    const sent: RunStopSignal[] = [];
    const controller = new AbortController();
    const supervisor = superviseRun({ signal: controller.signal, idleTimeoutMs: 100, killGraceMs: 100, signalGroup: (signal) => sent.push(signal) });
    supervisor.dispose();
    controller.abort();
    vi.advanceTimersByTime(1_000);
    expect(sent).toEqual([]);
    expect(supervisor.cancelled).toBe(false);
  });
});

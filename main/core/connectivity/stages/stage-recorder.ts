import { STAGE_NAMES, type RunHooks, type StageName, type StageResult, type Verdict } from '../types';
import type { StageOutcome, StageStep } from './stage-types';

/** Collects a target's stage results in order, timing each, and streams each one as it finishes. */
export class StageRecorder {
  readonly stages: StageResult[] = [];
  verdict: Verdict = 'ok';
  failedStage: StageName | undefined;

  constructor(
    private readonly targetUrl: string,
    private readonly onProgress: RunHooks['onProgress'],
  ) {}

  /** Runs one stage, records its outcome with its wall time, and hands on what the next stage needs. */
  async run<T>(name: StageName, stage: () => Promise<StageStep<T>>): Promise<T | undefined> {
    const started = performance.now();
    const { outcome, next } = await stage();
    this.record(name, outcome, started);
    return next;
  }

  /** Marks every stage not yet recorded as skipped with the reason; a stage that did not run is never a pass. */
  skipRemaining(reason: string): void {
    for (const name of STAGE_NAMES) {
      if (!this.stages.some((s) => s.name === name)) this.record(name, { status: 'skipped', detail: reason }, performance.now());
    }
  }

  /** The results in the fixed stage order. */
  ordered(): StageResult[] {
    return STAGE_NAMES.map((name) => this.stages.find((s) => s.name === name)).filter((s): s is StageResult => Boolean(s));
  }

  private record(name: StageName, outcome: StageOutcome, started: number): void {
    const ms = outcome.status === 'skipped' ? 0 : (outcome.ms ?? Math.round(performance.now() - started));
    const stage: StageResult = { name, status: outcome.status, ms, detail: outcome.detail };
    this.stages.push(stage);
    if (outcome.status === 'fail' && !this.failedStage) {
      this.failedStage = name;
      this.verdict = outcome.verdict ?? 'http-unexpected';
    }
    try {
      this.onProgress?.({ target: this.targetUrl, stage });
    } catch (error) {
      // A broken progress listener must not break the check itself.
      console.warn('[connectivity] progress listener failed:', error);
    }
  }
}

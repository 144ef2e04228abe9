import type { Target } from '../targets';
import { remediationFor } from '../remediation';
import type { ProbeMethod, TargetReport } from '../types';
import { execStages } from './exec-stages';
import { clockStage } from './clock-stage';
import { httpStage } from './http-stage';
import { lookupStage } from './lookup-stage';
import { proxyStage } from './proxy-stage';
import { StageRecorder } from './stage-recorder';
import type { Closable, ProbeContext } from './stage-types';
import { tcpStage } from './tcp-stage';
import { tlsStage } from './tls-stage';
import { tunnelStage } from './tunnel-stage';

/** Facts gathered along the way that the report and the remediation text need. */
interface ProbeFacts {
  proxyLabel?: string;
  inspectionBy?: string;
  method: ProbeMethod;
}

/**
 * One target through the stages in order — proxy, dns, tcp, connect, tls, http, clock — each within its budget.
 * The first stage that ends the probe leaves the rest skipped; everything opened is closed at the end.
 */
export async function probeTarget(target: Target, ctx: ProbeContext): Promise<TargetReport> {
  const rec = new StageRecorder(target.url, ctx.hooks.onProgress);
  const opened: Closable[] = [];
  const track = (stream: Closable) => opened.push(stream);
  const facts: ProbeFacts = { method: ctx.vantage.measuredFrom === 'this-computer' ? 'local' : 'forward' };
  try {
    await runStages(target, ctx, rec, track, facts);
  } finally {
    // Outermost (TLS) first, then the streams under it.
    for (const stream of opened.reverse()) stream.destroy();
  }
  return targetReport(target, ctx, rec, facts);
}

async function runStages(target: Target, ctx: ProbeContext, rec: StageRecorder, track: (s: Closable) => void, facts: ProbeFacts): Promise<void> {
  const route = await rec.run('proxy', () => proxyStage(target, ctx));
  if (!route) return;
  facts.proxyLabel = route.proxyLabel;
  const addresses = await rec.run('dns', () => lookupStage(target, route, ctx));
  if (!addresses) return;
  const opened = await rec.run('tcp', async () => {
    const step = await tcpStage(route, addresses, ctx, track);
    if (step.viaExec) facts.method = 'exec';
    return step;
  });
  if (!opened) return;
  if (opened.kind === 'exec') {
    await execStages(target, route, opened.address, ctx, rec);
    return;
  }
  const tunnel = await rec.run('connect', () => tunnelStage(target, route, opened.stream, ctx));
  if (!tunnel) return;
  const secure = await rec.run('tls', async () => {
    const step = await tlsStage(target, tunnel, ctx, track);
    facts.inspectionBy = step.inspectionBy;
    return step;
  });
  if (!secure) return;
  const answer = await rec.run('http', () => httpStage(target, secure, ctx));
  if (!answer) return;
  await rec.run('clock', async () => ({ outcome: clockStage(answer) }));
}

function targetReport(target: Target, ctx: ProbeContext, rec: StageRecorder, facts: ProbeFacts): TargetReport {
  rec.skipRemaining(`not run: an earlier stage ${rec.failedStage ? `(${rec.failedStage}) failed` : 'ended the probe'}`);
  return {
    url: target.url,
    host: target.host,
    port: target.port,
    required: target.required,
    verdict: rec.verdict,
    failedStage: rec.failedStage,
    stages: rec.ordered(),
    remediation: remediationFor(rec.verdict, {
      host: target.host,
      port: target.port,
      allowList: ctx.allowList,
      proxy: facts.proxyLabel || undefined,
      inspectionBy: facts.inspectionBy || undefined,
      measuredFrom: ctx.vantage.measuredFrom,
    }),
    measuredFrom: ctx.vantage.measuredFrom,
    method: facts.method,
  };
}

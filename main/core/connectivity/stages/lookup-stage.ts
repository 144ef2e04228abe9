import net from 'node:net';
import { classifyDnsError, isSinkholeAddress } from '../dns-stage';
import { withBudget } from '../probes';
import { MEASURED_FROM_WORDS } from '../remediation';
import type { Target } from '../targets';
import type { LookupAddress } from '../types';
import { interruptedOutcome, routeNote, routeVerdict, type ProbeContext, type Route, type StageStep } from './stage-types';

const familyOf = (address: string): 4 | 6 => (net.isIPv6(address) ? 6 : 4);

/** The DNS stage: the addresses the TCP stage dials (an IP literal or a `--resolve` pin skips the lookup). */
export async function lookupStage(target: Target, route: Route, ctx: ProbeContext): Promise<StageStep<LookupAddress[]>> {
  const { connectHost } = route;
  const note = routeNote(route);
  if (net.isIP(connectHost)) {
    return {
      outcome: { status: 'skipped', detail: `${note}${connectHost} is an IP address (no lookup)` },
      next: [{ address: connectHost, family: familyOf(connectHost) }],
    };
  }
  const pinned = ctx.pins.get(connectHost.toLowerCase());
  if (pinned) {
    return {
      outcome: { status: 'skipped', detail: `${note}${connectHost} pinned to ${pinned} by --resolve (not looked up)` },
      next: [{ address: pinned, family: familyOf(pinned) }],
    };
  }
  let lookupError: NodeJS.ErrnoException | undefined;
  const abandon = new AbortController();
  const result = await withBudget(
    ctx.budgets.dnsMs,
    ctx.signal,
    () =>
      ctx.lookup(connectHost, abandon.signal).catch((error: NodeJS.ErrnoException) => {
        lookupError = error;
        return [] as LookupAddress[];
      }),
    () => abandon.abort(),
  );
  if ('interrupt' in result) {
    const verdict = routeVerdict(route, 'dns-unavailable');
    if (result.interrupt === 'aborted') return { outcome: interruptedOutcome(ctx, `${note}looking up ${connectHost}`, verdict) };
    return {
      outcome: { status: 'fail', detail: `${note}no answer for ${connectHost} within ${ctx.budgets.dnsMs} ms (no resolver answered)`, verdict },
    };
  }
  if (lookupError || result.value.length === 0) {
    const { verdict, explanation } = classifyDnsError(lookupError?.code ?? 'ENODATA');
    return { outcome: { status: 'fail', detail: `${note}${connectHost}: ${explanation}`, verdict: routeVerdict(route, verdict) } };
  }
  return judgeAnswers(target, route, result.value, ctx.vantage.measuredFrom === 'this-computer' ? '' : ` (resolved on ${MEASURED_FROM_WORDS[ctx.vantage.measuredFrom]})`);
}

function judgeAnswers(target: Target, route: Route, addresses: LookupAddress[], where: string): StageStep<LookupAddress[]> {
  const { connectHost } = route;
  const list = addresses.map((a) => a.address).join(', ');
  const sinkholeCheck = !route.proxy && !/(^|\.)localhost$/i.test(connectHost);
  if (sinkholeCheck && addresses.every((a) => isSinkholeAddress(a.address, target.expectAlive))) {
    return {
      outcome: {
        status: 'fail',
        detail: `${connectHost} → ${list}${where}: a blocking (sinkhole) answer, not a public address — a DNS filter answers for this name`,
        verdict: 'dns-sinkholed',
      },
    };
  }
  const proxied = route.proxy ? ` (the proxy resolves ${target.host} itself)` : '';
  return { outcome: { status: 'pass', detail: `${routeNote(route)}${connectHost} → ${list}${proxied}${where}` }, next: addresses };
}

import { redactUrlCredentials } from '../../shared';
import { chooseProxy, proxyPort, type ProxyChoice } from '../proxy';
import { stripBrackets, type Target } from '../targets';
import type { ProbeContext, Route, StageStep } from './stage-types';

/** Decides direct or through which proxy; never ends the probe (an unknown proxy setting means "probe directly"). */
export async function proxyStage(target: Target, ctx: ProbeContext): Promise<StageStep<Route>> {
  let choice: ProxyChoice;
  let outcome: StageStep<Route>['outcome'];
  try {
    choice = await chooseProxy(target, ctx.options.proxy, ctx.hooks.env ?? process.env, ctx.hooks.resolveSystemProxy);
    outcome = choice.warning
      ? { status: 'warn', detail: `${choice.detail}; ${choice.warning}` }
      : { status: 'pass', detail: choice.detail };
  } catch (error) {
    choice = { source: ctx.hooks.resolveSystemProxy ? 'system' : 'environment', detail: 'direct' };
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: 'warn', detail: `could not determine the proxy (${message}); probing directly` };
  }
  const proxy = choice.url;
  const route: Route = proxy
    ? { proxy, proxyLabel: redactUrlCredentials(proxy.href.replace(/\/$/, '')), connectHost: stripBrackets(proxy.hostname), connectPort: proxyPort(proxy) }
    : { connectHost: target.host, connectPort: target.port };
  return { outcome, next: route };
}

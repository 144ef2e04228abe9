import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck } from '../../../main/core/connectivity';
import { createDropNamespace, type DropNamespace } from '../../support/network/netns';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// A namespace the test creates, joined by a veth pair; its firewall drops SYNs to 443 and rejects 444 with
// ICMP host-unreachable. Traffic never goes beyond that namespace.
let ns: DropNamespace | undefined;
let skipReason = '';

beforeAll(async () => {
  const made = await createDropNamespace();
  if ('skipReason' in made) {
    skipReason = made.skipReason;
    console.warn(`[connectivity-test] skipping firewall scenarios: ${skipReason}`);
  } else ns = made;
});

afterAll(async () => {
  await ns?.cleanup();
});

describe('a firewall inside a network namespace', () => {
  it('turns silently dropped packets into timeout at the tcp stage within the budget', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const report = await runConnectivityCheck(
      { urls: [`https://api.bitwarden.test:${ns.droppedPort}/alive`], resolve: [`api.bitwarden.test:${ns.address}`], proxy: 'none', timeoutMs: 1000 },
      { env: {} },
    );
    const target = onlyTarget(report);
    expect(target.verdict).toBe('timeout');
    expect(target.failedStage).toBe('tcp');
    expect(stageOf(target, 'tcp').detail).toMatch(/no answer within 1000 ms \(packets silently dropped\)/);
    // Every target timed out: the plain "no outbound path" summary.
    expect(report.noOutboundPath).toBe(true);
    expect(report.summary).toMatch(/This host has no outbound path/);
  });

  it('names a closed port in the namespace refused', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const target = onlyTarget(
      await runConnectivityCheck({ urls: [`https://${ns.address}:8444/alive`], proxy: 'none', timeoutMs: 1000 }, { env: {} }),
    );
    expect(target.verdict).toBe('refused');
    expect(target.failedStage).toBe('tcp');
  });

  it('names an ICMP host-unreachable answer unreachable', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    const target = onlyTarget(
      await runConnectivityCheck({ urls: [`https://${ns.address}:${ns.unreachablePort}/alive`], proxy: 'none', timeoutMs: 1000 }, { env: {} }),
    );
    expect(target.verdict).toBe('unreachable');
    expect(target.failedStage).toBe('tcp');
    expect(stageOf(target, 'tcp').detail).toMatch(/EHOSTUNREACH/);
  });

  it('probes every address with its own budget and keeps going on the one that answers', async (ctx) => {
    if (!ns) return ctx.skip(skipReason);
    // Two answers for one name: the dropped address and a refusing one; both reported, each within the budget.
    const report = await runConnectivityCheck(
      { urls: ['https://two.bitwarden.test:443/alive'], proxy: 'none', timeoutMs: 800 },
      {
        env: {},
        lookup: async () => [
          { address: ns!.address, family: 4 },
          { address: '127.0.0.1', family: 4 },
        ],
      },
    );
    const target = onlyTarget(report);
    const tcp = stageOf(target, 'tcp').detail;
    expect(tcp).toMatch(new RegExp(`${ns.address.replace(/\./g, '\\.')} no answer within 800 ms`));
    expect(tcp).toMatch(/127\.0\.0\.1 refused/);
    // Mixed drop + refuse: a dropping path is the stronger finding.
    expect(target.verdict).toBe('timeout');
    expect(target.failedStage).toBe('tcp');
  });
});

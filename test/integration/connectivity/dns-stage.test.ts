import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConnectivityCheck, type LookupFunction } from '../../../main/core/connectivity';
import { freePort } from '../../support/network/servers';
import { lookupVia, startDnsmasq, type RunningDnsmasq } from '../../support/network/dnsmasq';
import { onlyTarget, stageOf } from '../../support/network/report-helpers';

// A real dnsmasq with no upstream on a loopback address: the check resolves through it (injected lookup),
// never through the machine's resolver, so NXDOMAIN and sinkhole answers are deterministic and local.
const DNS_ADDRESS = '127.0.0.1';
let dnsmasq: RunningDnsmasq;
let viaDnsmasq: LookupFunction;

beforeAll(async () => {
  const port = await freePort(DNS_ADDRESS);
  dnsmasq = await startDnsmasq({
    address: DNS_ADDRESS,
    port,
    args: ['--address=/blocked.test/0.0.0.0', '--address=/nx.test/'],
  });
  viaDnsmasq = lookupVia(`${DNS_ADDRESS}:${port}`);
});

afterAll(async () => {
  await dnsmasq?.close();
});

function check(url: string, lookup: LookupFunction, timeoutMs = 1500) {
  return runConnectivityCheck({ urls: [url], proxy: 'none', timeoutMs }, { env: {}, lookup });
}

describe('DNS stage with a real local resolver', () => {
  it('names an NXDOMAIN answer dns-failed', async () => {
    const target = onlyTarget(await check('https://api.nx.test/alive', viaDnsmasq));
    expect(target.verdict).toBe('dns-failed');
    expect(target.failedStage).toBe('dns');
    expect(stageOf(target, 'dns').detail).toMatch(/does not exist \(NXDOMAIN, ENOTFOUND\)/);
    expect(stageOf(target, 'tcp').status).toBe('skipped');
  });

  it('names a 0.0.0.0 answer dns-sinkholed and contacts nothing', async () => {
    const target = onlyTarget(await check('https://api.blocked.test/alive', viaDnsmasq));
    expect(target.verdict).toBe('dns-sinkholed');
    expect(target.failedStage).toBe('dns');
    expect(stageOf(target, 'dns').detail).toMatch(/0\.0\.0\.0: a blocking \(sinkhole\) answer/);
    expect(stageOf(target, 'tcp').status).toBe('skipped');
  });

  it('names a resolver that cannot be reached dns-unavailable', async () => {
    const nobody = lookupVia(`127.0.0.1:${await freePort()}`);
    const report = await check('https://api.nothing.invalid/alive', nobody);
    const target = onlyTarget(report);
    expect(target.verdict).toBe('dns-unavailable');
    expect(target.failedStage).toBe('dns');
    // Every target failed at dns-unavailable: the summary says plainly there is no outbound path.
    expect(report.noOutboundPath).toBe(true);
    expect(report.summary).toMatch(/no outbound path/);
    expect(report.summary).toMatch(/License step/);
  });

  it('abandons a lookup that never answers within the DNS budget (dns-unavailable)', async () => {
    const hung: LookupFunction = () => new Promise(() => {});
    const target = onlyTarget(await check('https://api.hung.test/alive', hung, 400));
    expect(target.verdict).toBe('dns-unavailable');
    expect(target.failedStage).toBe('dns');
    expect(stageOf(target, 'dns').detail).toMatch(/no answer for api\.hung\.test within 400 ms/);
  });

  it('maps getaddrinfo EAI_AGAIN (no resolver) to dns-unavailable', async () => {
    const eaiAgain: LookupFunction = async () => {
      throw Object.assign(new Error('getaddrinfo EAI_AGAIN api.bitwarden.invalid'), { code: 'EAI_AGAIN' });
    };
    const target = onlyTarget(await check('https://api.bitwarden.invalid/alive', eaiAgain));
    expect(target.verdict).toBe('dns-unavailable');
    expect(stageOf(target, 'dns').detail).toMatch(/EAI_AGAIN/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  containerProxyEnv, containerTestCommands, defaultTargets, formatContainerTestCommands, formatReportText, plannedContacts,
  remediationFor, summarise, VERDICTS, type ConnectivityReport, type TargetReport, type Verdict,
} from '../../../main/core/connectivity';
import { redactUrlCredentials } from '../../../main/core/shared';
import { isSinkholeAddress, classifyDnsError } from '../../../main/core/connectivity/dns-stage';
import { isExcludedByNoProxy, parseSystemProxyAnswer } from '../../../main/core/connectivity/proxy';
import { judgeTls, type TlsFacts } from '../../../main/core/connectivity/tls-judge';
import { parseResolvePins } from '../../../main/core/connectivity/targets';
import { parseAliveBody } from '../../../main/core/connectivity/probes';

const allowList = defaultTargets('us').map((t) => ({ host: t.host, port: t.port, required: t.required }));

function target(host: string, verdict: Verdict, required = true): TargetReport {
  return {
    url: `https://${host}/alive`, host, port: 443, required, verdict,
    ...(verdict === 'ok' ? {} : { failedStage: 'tcp' as const }),
    stages: [{ name: 'tcp', status: verdict === 'ok' ? 'pass' : 'fail', ms: 3, detail: 'x' }],
    remediation: remediationFor(verdict, { host, port: 443, allowList }),
    measuredFrom: 'this-computer',
    method: 'local',
  };
}

describe('default targets and planned contacts', () => {
  it('lists api and identity as required and push as informational, per region', () => {
    expect(defaultTargets('us').map((t) => [t.url, t.required])).toEqual([
      ['https://api.bitwarden.com/alive', true],
      ['https://identity.bitwarden.com/alive', true],
      ['https://push.bitwarden.com/alive', false],
    ]);
    expect(defaultTargets('eu').map((t) => t.host)).toEqual(['api.bitwarden.eu', 'identity.bitwarden.eu', 'push.bitwarden.eu']);
  });

  it('names exactly the hosts a run contacts: targets directly, or only the proxy', () => {
    expect(plannedContacts({ region: 'eu', proxy: 'none' }, {}).map((c) => `${c.role} ${c.host}:${c.port}`)).toEqual([
      'target api.bitwarden.eu:443', 'target identity.bitwarden.eu:443', 'target push.bitwarden.eu:443',
    ]);
    const viaProxy = plannedContacts({ region: 'us' }, { HTTPS_PROXY: 'http://u:p@proxy.corp:3128', NO_PROXY: 'push.bitwarden.com' });
    expect(viaProxy.map((c) => `${c.role} ${c.host}:${c.port}`)).toEqual(['proxy proxy.corp:3128', 'target push.bitwarden.com:443']);
    expect(viaProxy[0]!.forTargets).toEqual(['https://api.bitwarden.com/alive', 'https://identity.bitwarden.com/alive']);
    expect(JSON.stringify(viaProxy)).not.toContain('u:p');
  });

  it('rejects unusable options with exit-2 errors before contacting anything', () => {
    expect(() => plannedContacts({ urls: ['http://api.bitwarden.com/alive'] })).toThrow(/Only https/);
    expect(() => parseResolvePins(['nonsense'])).toThrow(/HOST:ADDRESS/);
    expect([...parseResolvePins(['api.bitwarden.com:[::1]', 'identity.bitwarden.com:443:127.0.0.1'])]).toEqual([
      ['api.bitwarden.com', '::1'], ['identity.bitwarden.com', '127.0.0.1'],
    ]);
  });
});

describe('remediation texts', () => {
  it('has an admin and a network text for every verdict, the network one with the exact allow-list by name', () => {
    for (const verdict of VERDICTS) {
      const r = remediationFor(verdict, { host: 'api.bitwarden.com', port: 443, allowList });
      expect(r.admin.length, verdict).toBeGreaterThan(40);
      expect(r.network, verdict).toContain('api.bitwarden.com:443, identity.bitwarden.com:443');
      expect(r.network, verdict).toContain('push.bitwarden.com:443 for mobile push');
      expect(r.network, verdict).toMatch(/by name \(FQDN\), not by IP address/);
    }
  });

  it('names the interceptor for likely TLS inspection and the proxy for proxy verdicts', () => {
    const tls = remediationFor('tls-untrusted', { host: 'api.bitwarden.com', port: 443, allowList, inspectionBy: 'Zscaler Inc.' });
    expect(tls.admin).toContain('Zscaler Inc.');
    expect(tls.admin).toContain('bwdata/ca-certificates');
    const proxy = remediationFor('proxy-denied', { host: 'api.bitwarden.com', port: 443, allowList, proxy: 'http://proxy.corp:3128' });
    expect(proxy.admin).toContain('http://proxy.corp:3128');
    expect(proxy.network).toMatch(/Allow CONNECT/);
  });
});

describe('summary', () => {
  it('says plainly that there is no outbound path when every target failed at dns-unavailable or timeout', () => {
    const s = summarise([target('api.bitwarden.com', 'timeout'), target('identity.bitwarden.com', 'dns-unavailable'), target('push.bitwarden.com', 'timeout', false)]);
    expect(s.ok).toBe(false);
    expect(s.noOutboundPath).toBe(true);
    expect(s.summary).toContain('This host has no outbound path');
    expect(s.summary).toContain('api.bitwarden.com and identity.bitwarden.com are allowed on port 443 (direct or via the proxy)');
    expect(s.summary).toContain('the license can still be handled offline (the License step)');
  });

  it('is not "no outbound path" when one target got further', () => {
    const s = summarise([target('api.bitwarden.com', 'timeout'), target('identity.bitwarden.com', 'refused')]);
    expect(s.noOutboundPath).toBe(false);
    expect(s.summary).toMatch(/2 of 2 required hosts not reachable/);
  });

  it('passes the run when only the informational push relay fails, and says so', () => {
    const s = summarise([target('api.bitwarden.com', 'ok'), target('identity.bitwarden.com', 'ok'), target('push.bitwarden.com', 'refused', false)]);
    expect(s.ok).toBe(true);
    expect(s.summary).toMatch(/^Network OK/);
    expect(s.summary).toMatch(/Informational: push\.bitwarden\.com/);
    expect(s.summary).toMatch(/does not prove the containers/);
  });
});

describe('proxy handling', () => {
  it('redacts user and password from proxy URLs', () => {
    expect(redactUrlCredentials('http://alice:s3cret@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(redactUrlCredentials('http://proxy.corp:3128/')).toBe('http://proxy.corp:3128/');
    expect(redactUrlCredentials('not a url //bob:pw@host')).not.toContain('pw');
  });

  it('matches NO_PROXY like curl and .NET (names, subdomains, leading dots, ports, *, CIDR)', () => {
    expect(isExcludedByNoProxy('api.bitwarden.com', 443, 'bitwarden.com')).toBe(true);
    expect(isExcludedByNoProxy('api.bitwarden.com', 443, '.bitwarden.com')).toBe(true);
    expect(isExcludedByNoProxy('notbitwarden.com', 443, 'bitwarden.com')).toBe(false);
    expect(isExcludedByNoProxy('api.bitwarden.com', 443, 'api.bitwarden.com:8443')).toBe(false);
    expect(isExcludedByNoProxy('api.bitwarden.com', 443, '*')).toBe(true);
    expect(isExcludedByNoProxy('10.1.2.3', 443, '10.0.0.0/8')).toBe(true);
    expect(isExcludedByNoProxy('api.bitwarden.com', 443, undefined)).toBe(false);
  });

  it('reads the first entry of a PAC answer and reports the fallbacks', () => {
    expect(parseSystemProxyAnswer('PROXY proxy.corp:8080; DIRECT').url?.href).toBe('http://proxy.corp:8080/');
    expect(parseSystemProxyAnswer('DIRECT').url).toBeUndefined();
    expect(parseSystemProxyAnswer('SOCKS5 socks.corp:1080').warning).toMatch(/probing directly/);
  });

  it('gives the containers uppercase, unquoted proxy variables and a NO_PROXY of the stack service names', () => {
    const entries = containerProxyEnv('http://alice:pw@proxy.corp:3128');
    expect(entries.map((e) => e.key)).toEqual(['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']);
    expect(entries[0]!.value).toBe('http://alice:pw@proxy.corp:3128');
    const noProxy = entries[2]!.value.split(',');
    expect(noProxy).toEqual([
      'mssql', 'web', 'attachments', 'api', 'identity', 'sso', 'admin', 'icons', 'notifications', 'events', 'nginx',
      'key-connector', 'scim', 'localhost', '127.0.0.1',
    ]);
    for (const e of entries) {
      expect(e.value).not.toMatch(/["'*\s]/);
    }
    expect(() => containerProxyEnv('"http://proxy.corp:3128"')).toThrow(/quotes/);
    expect(() => containerProxyEnv('socks5://proxy.corp:1080')).toThrow(/http:\/\//);
  });
});

describe('DNS judgement', () => {
  it('tells NXDOMAIN from no resolver', () => {
    expect(classifyDnsError('ENOTFOUND').verdict).toBe('dns-failed');
    expect(classifyDnsError('EAI_AGAIN').verdict).toBe('dns-unavailable');
    expect(classifyDnsError('ECONNREFUSED').verdict).toBe('dns-unavailable');
  });

  it('flags sinkhole answers (strict for Bitwarden cloud names)', () => {
    for (const a of ['0.0.0.0', '127.0.0.1', '::', '::1', '::ffff:127.0.0.1']) expect(isSinkholeAddress(a, false), a).toBe(true);
    for (const a of ['10.0.0.1', '172.20.1.1', '192.168.1.1', 'fd00::1', '169.254.1.1']) {
      expect(isSinkholeAddress(a, true), a).toBe(true);
      expect(isSinkholeAddress(a, false), a).toBe(false);
    }
    expect(isSinkholeAddress('104.18.1.1', true)).toBe(false);
    expect(isSinkholeAddress('2606:4700::1', true)).toBe(false);
  });

  it('reads the JSON date /alive answers (7 fraction digits)', () => {
    expect(parseAliveBody('"2025-03-04T05:06:07.1234567Z"')).toBe(Date.parse('2025-03-04T05:06:07.123Z'));
    expect(parseAliveBody('<html>')).toBeUndefined();
  });
});

describe('TLS judgement', () => {
  const now = Date.parse('2025-06-01T00:00:00Z');
  const leaf = { subjectCN: 'api.bitwarden.com', issuerCN: 'Zscaler Intermediate', issuerO: 'Zscaler Inc.', validFrom: '2025-01-01T00:00:00.000Z', validTo: '2026-01-01T00:00:00.000Z', fingerprint256: 'AA', altNames: 'DNS:api.bitwarden.com', selfIssued: false };
  const base: TlsFacts = {
    host: 'api.bitwarden.com', protocol: 'TLSv1.3', authorized: true, chain: [leaf], chainsToPublicRoot: false,
    chainsToRunCa: false, issuerIsPublicCaOrganisation: false, nowMs: now,
  };

  it('passes a chain to a public root', () => {
    expect(judgeTls({ ...base, chainsToPublicRoot: true })).toMatchObject({ status: 'pass' });
  });

  it('names a chain that validates only through a locally added root as likely inspection', () => {
    const j = judgeTls(base);
    expect(j).toMatchObject({ status: 'fail', verdict: 'tls-untrusted', likelyInspectionBy: 'Zscaler Inc.' });
    expect(j.detail).toMatch(/locally added root.*likely TLS inspection by Zscaler Inc\./);
  });

  it('does not call a root given with ca inspection', () => {
    const j = judgeTls({ ...base, chainsToRunCa: true });
    expect(j.status).toBe('pass');
    expect(j.detail).not.toMatch(/inspection/);
  });

  it('tells an incomplete chain from a public CA apart from interception', () => {
    const j = judgeTls({ ...base, authorized: false, authorizationError: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', issuerIsPublicCaOrganisation: true });
    expect(j.verdict).toBe('tls-untrusted');
    expect(j.likelyInspectionBy).toBeUndefined();
    expect(j.detail).toMatch(/intermediate/);
  });

  it('maps expiry, name mismatch and other errors', () => {
    expect(judgeTls({ ...base, authorized: false, authorizationError: 'CERT_HAS_EXPIRED' }).verdict).toBe('tls-expired');
    expect(judgeTls({ ...base, nowMs: Date.parse('2027-01-01T00:00:00Z'), chainsToPublicRoot: true }).verdict).toBe('tls-expired');
    expect(judgeTls({ ...base, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID', chainsToPublicRoot: true }).verdict).toBe('tls-hostname-mismatch');
    expect(judgeTls({ ...base, authorized: false, authorizationError: 'CERT_REVOKED' }).verdict).toBe('tls-failed');
  });
});

describe('text report and copy-ready commands', () => {
  const report: ConnectivityReport = {
    ok: false, appVersion: '0.1.0', startedAt: '2025-06-01T00:00:00.000Z', finishedAt: '2025-06-01T00:00:01.000Z', durationMs: 1000,
    region: 'us', proxy: { source: 'explicit', url: 'http://***@proxy.corp:3128', detail: 'explicit proxy http://***@proxy.corp:3128' },
    targets: [target('api.bitwarden.com', 'proxy-denied'), target('identity.bitwarden.com', 'ok')],
    noOutboundPath: false, summary: '1 of 2 required hosts not reachable.',
  };

  it('renders verdicts, stages, remediation and no secrets', () => {
    const text = formatReportText(report);
    expect(text).toContain('api.bitwarden.com:443 — proxy-denied (Proxy denied the connection), failed at tcp');
    expect(text).toContain('[FAIL] tcp');
    expect(text).toContain('For the network team:');
    expect(text).toContain('http://***@proxy.corp:3128');
    expect(text).toContain('1 of 2 required hosts not reachable.');
  });

  it('gives host and in-container commands for both sync containers, without the proxy password', () => {
    const { commands, note } = containerTestCommands('eu', 'http://alice:s3cret@proxy.corp:3128');
    expect(commands.some((c) => c.command === "docker exec bitwarden-api curl -sS --connect-timeout 5 -m 15 -o /dev/null -w '%{http_code} %{time_appconnect}s\\n' https://api.bitwarden.eu/alive")).toBe(true);
    expect(commands.some((c) => c.where === 'bitwarden-admin' && c.command.includes('identity.bitwarden.eu'))).toBe(true);
    expect(commands.some((c) => c.command === "docker exec bitwarden-api sh -c 'env | grep -i _proxy'")).toBe(true);
    expect(commands.find((c) => c.where === 'host')!.command).toContain("--proxy 'http://USER:PASSWORD@proxy.corp:3128'");
    expect(JSON.stringify(commands)).not.toContain('s3cret');
    expect(note).toMatch(/does not prove the containers can reach the cloud/);
  });

  it('formats the container test commands as one text: heading, each command under its title, then the note', () => {
    const text = formatContainerTestCommands({ commands: [{ where: 'host', kind: 'https', proves: 'x', title: 'From the server: a.example', command: 'curl a' }], note: 'Expect 200.' });
    expect(text).toBe(
      'Test from the Bitwarden server and inside its containers (billing sync runs in bitwarden-api and bitwarden-admin):\n' +
        '  # From the server: a.example\n  curl a\n\nExpect 200.',
    );
  });
});

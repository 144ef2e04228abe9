import type { MeasuredFrom, Remediation, Verdict } from './types';
import { MEASURED_FROM_WORDS } from './vantage-words';

export { MEASURED_FROM_WORDS, METHOD_WORDS } from './vantage-words';

export interface RemediationContext {
  /** The host this remediation is about. */
  host: string;
  port: number;
  /** Every FQDN the server needs (the exact allow-list), required ones first. */
  allowList: Array<{ host: string; port: number; required: boolean }>;
  /** Redacted proxy URL when the target was probed through a proxy. */
  proxy?: string;
  /** The interceptor's organisation when TLS inspection is likely. */
  inspectionBy?: string;
  /** Where it was measured from; absent: this computer. */
  measuredFrom?: MeasuredFrom;
}

/** The exact allow-list for the network team: FQDNs and ports, by name because the addresses change. */
export function allowListText(allowList: RemediationContext['allowList']): string {
  const required = allowList.filter((t) => t.required).map((t) => `${t.host}:${t.port}`);
  const optional = allowList.filter((t) => !t.required).map((t) => `${t.host}:${t.port}`);
  return (
    `Allow outbound HTTPS (TCP) to ${required.join(', ')}` +
    (optional.length ? ` (and ${optional.join(', ')} for mobile push notifications)` : '') +
    '. Allow them by name (FQDN), not by IP address: the addresses behind these names change.'
  );
}

/** Human titles for verdicts (UI badges, text report). */
export const VERDICT_TITLES: Record<Verdict, string> = {
  ok: 'Reachable',
  'dns-failed': 'Name does not resolve (NXDOMAIN)',
  'dns-unavailable': 'No DNS resolver answered',
  'dns-sinkholed': 'DNS answer is blocked (sinkhole)',
  refused: 'Connection refused',
  timeout: 'No answer (timed out)',
  unreachable: 'Network unreachable',
  'proxy-denied': 'Proxy denied the connection',
  'proxy-auth-required': 'Proxy requires authentication',
  'proxy-failed': 'Proxy could not connect',
  'tls-untrusted': 'Certificate not trusted',
  'tls-expired': 'Certificate expired or not yet valid',
  'tls-hostname-mismatch': 'Certificate is for another name',
  'tls-failed': 'TLS handshake failed',
  'http-unexpected': 'Unexpected HTTP answer',
  'not-measured': 'Not measured (a tool is missing)',
};

export function remediationFor(verdict: Verdict, context: RemediationContext): Remediation {
  const target = `${context.host}:${context.port}`;
  const allow = allowListText(context.allowList);
  const viaProxy = context.proxy ? ` through the proxy ${context.proxy}` : '';
  const from = MEASURED_FROM_WORDS[context.measuredFrom ?? 'this-computer'];
  switch (verdict) {
    case 'ok':
      return {
        admin: `${target} is reachable from ${from}${viaProxy}. If billing sync still fails, check ${context.measuredFrom === 'server' ? 'inside the containers' : 'the server itself'} with the container commands below (a pass here does not prove the containers can reach the cloud) and the server logs.`,
        network: `No change needed for ${target} from ${from}. ${context.measuredFrom === 'server' ? 'The Bitwarden containers need' : 'The Bitwarden server needs'} the same access: ${allow}`,
      };
    case 'dns-failed':
      return {
        admin: `The DNS server says ${context.host} does not exist. A DNS filter (e.g. pfBlocker, Pi-hole, a security DNS service) or a split-horizon DNS is hiding it. Ask the network team to allow the name.`,
        network: `Your DNS answers NXDOMAIN for ${context.host}. Allow these names in DNS filtering and make them resolve to their public addresses. ${allow}`,
      };
    case 'dns-unavailable':
      return {
        admin: `No DNS server answered for ${context.host}. Check this computer's (and the server's / Docker's) DNS settings. If outbound access must go through a proxy, set the proxy (the proxy resolves names then).`,
        network: `Hosts in this network cannot resolve public names. Provide a working resolver (or a forward proxy) for: ${allow}`,
      };
    case 'dns-sinkholed':
      return {
        admin: `DNS returned a blocking address for ${context.host} (a sinkhole such as 0.0.0.0, 127.x or a private address). A DNS filter blocks it; ask the network team to allow the name.`,
        network: `Your DNS filter answers ${context.host} with a sinkhole address. Remove these names from the block list: ${allow}`,
      };
    case 'refused':
      return {
        admin: `Something actively rejected the connection to ${target} (a firewall with a reject rule, or a local firewall). Ask the network team to allow it.`,
        network: `Connections to ${target} are rejected (TCP reset / ICMP reject). ${allow}`,
      };
    case 'timeout':
      return {
        admin: `No answer from ${target}${viaProxy}: a firewall is most likely dropping the traffic silently. Ask the network team to allow it, or configure the required proxy.`,
        network: `Outbound traffic to ${target} is silently dropped. ${allow}`,
      };
    case 'unreachable':
      return {
        admin: `This computer has no route to ${target}. Check the default gateway, VPN split-tunnel settings, and (for an IPv6-only failure) the IPv6 route.`,
        network: `There is no network route from this host to ${target}. Provide outbound routing (or a proxy) for: ${allow}`,
      };
    case 'proxy-denied':
      return {
        admin: `The proxy${context.proxy ? ` ${context.proxy}` : ''} refused to open a tunnel to ${target}. Ask the proxy administrators to allow it.`,
        network: `The forward proxy denies CONNECT to ${target}. Allow CONNECT to these names and ports: ${allow}`,
      };
    case 'proxy-auth-required':
      return {
        admin: `The proxy${context.proxy ? ` ${context.proxy}` : ''} asks for authentication (407). Give the proxy URL with a user name and password (http://user:password@host:port), or ask for an exception for the Bitwarden server, which cannot do Kerberos/NTLM proxy sign-in.`,
        network: `The proxy requires authentication for ${target}. The Bitwarden server only supports a user and password in its proxy URL; exempt it from proxy authentication for: ${allow}`,
      };
    case 'proxy-failed':
      return {
        admin: `The proxy${context.proxy ? ` ${context.proxy}` : ''} could not be used to reach ${target} (see the detail: the proxy itself could not be reached, or it could not resolve or connect to the host). Check the proxy address, or ask the proxy administrators.`,
        network: `The forward proxy could not reach ${target} (DNS failure, connection failure, or an upstream firewall). The proxy needs outbound access to: ${allow}`,
      };
    case 'tls-untrusted':
      return {
        admin: context.inspectionBy
          ? `The connection to ${context.host} is most likely intercepted by TLS inspection (${context.inspectionBy}). The Bitwarden server does not trust that certificate. Ask for an inspection bypass for the Bitwarden names; or, if it must stay, put the inspection root certificate into bwdata/ca-certificates and restart Bitwarden.`
          : `The certificate presented for ${context.host} is not trusted. If your network intercepts TLS, ask for a bypass for the Bitwarden names, or put its root certificate into bwdata/ca-certificates and restart Bitwarden.`,
        network: `TLS to ${target} is intercepted or re-signed${context.inspectionBy ? ` (issuer: ${context.inspectionBy})` : ''}. Exempt these FQDNs from TLS/SSL inspection: ${allow}`,
      };
    case 'tls-expired':
      return {
        admin: `The certificate for ${context.host} is outside its validity dates. First check this computer's date and time; if they are right, a middlebox is presenting an old certificate.`,
        network: `A device presents an expired or not-yet-valid certificate for ${target}. Exempt these FQDNs from TLS inspection or fix the inspecting device: ${allow}`,
      };
    case 'tls-hostname-mismatch':
      return {
        admin: `The certificate presented is not for ${context.host}: something else (a captive portal, a block page, a misrouted DNS name) answered. Ask the network team.`,
        network: `Connections to ${target} are answered by a device with a certificate for another name (block page / captive portal / redirect). Allow: ${allow}`,
      };
    case 'tls-failed':
      return {
        admin: `The secure (TLS) connection to ${context.host} failed. A firewall filtering by server name (SNI) often resets the handshake. Ask the network team.`,
        network: `The TLS handshake to ${target} fails (reset or protocol error), typical of SNI filtering. Allow: ${allow}`,
      };
    case 'http-unexpected':
      return {
        admin: `The connection works but ${context.host} did not answer as Bitwarden does — often a proxy or web gateway block page. See the detail (status, page title, Via/Server headers).`,
        network: `A web gateway answers requests to ${target} instead of the server (block page or URL filtering). Allow the host or its URL category: ${allow}`,
      };
    case 'not-measured':
      return {
        admin: `${target} could not be measured: the server lacks the tool the check needed there (see the detail). Install it (curl), or allow TCP forwarding for the SSH user so the check opens the connection itself.`,
        network: `Not measured yet; the Bitwarden server needs: ${allow}`,
      };
  }
}

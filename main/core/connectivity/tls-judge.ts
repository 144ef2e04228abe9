import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { StageStatus, Verdict } from './types';

export interface CertSummary {
  subjectCN?: string;
  subjectO?: string;
  issuerCN?: string;
  issuerO?: string;
  validFrom: string;
  validTo: string;
  fingerprint256: string;
  /** e.g. "DNS:api.bitwarden.com, DNS:*.bitwarden.com" (leaf only). */
  altNames?: string;
  selfIssued: boolean;
}

export interface TlsFacts {
  host: string;
  protocol: string | null;
  authorized: boolean;
  authorizationError?: string;
  /** Result of tls.checkServerIdentity; rejectUnauthorized:false does not check names by itself. */
  hostnameError?: string;
  /** Leaf first, up to the root (as sent, completed from the trust store by Node when it can). */
  chain: CertSummary[];
  /** The top of the chain is (or is directly issued by) a root in tls.rootCertificates (Mozilla bundle). */
  chainsToPublicRoot: boolean;
  /** The top of the chain is a root given with the `ca` option for this run. */
  chainsToRunCa: boolean;
  /** The issuer organisation of the top certificate also owns a public root (then it is not an interceptor). */
  issuerIsPublicCaOrganisation: boolean;
  nowMs: number;
}

export interface TlsJudgement {
  status: StageStatus;
  verdict?: Verdict;
  detail: string;
  likelyInspectionBy?: string;
}

const EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_EXPIRED']);
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

function name(cn?: string, o?: string): string {
  return [cn ? `CN=${cn}` : '', o ? `O=${o}` : ''].filter(Boolean).join(', ') || '(no name)';
}

/** Decides the TLS stage from facts gathered on a real handshake; pure so every branch is unit-tested. */
export function judgeTls(facts: TlsFacts): TlsJudgement {
  const leaf = facts.chain[0];
  const top = facts.chain[facts.chain.length - 1];
  const parts: string[] = [facts.protocol ?? 'unknown protocol'];
  if (leaf) {
    parts.push(`leaf ${name(leaf.subjectCN, leaf.subjectO)}${leaf.altNames ? ` (${leaf.altNames})` : ''}`);
    parts.push(`valid ${leaf.validFrom} – ${leaf.validTo}`);
    parts.push(`chain: ${facts.chain.map((c) => name(c.subjectCN, c.subjectO)).join(' ← ')}`);
  }
  const issuerOrg = top ? (top.selfIssued ? top.subjectO ?? top.subjectCN : top.issuerO ?? top.issuerCN) : undefined;
  const code = facts.authorizationError;

  const leafExpired = leaf ? Date.parse(leaf.validTo) < facts.nowMs || Date.parse(leaf.validFrom) > facts.nowMs : false;
  if ((code && EXPIRED.has(code)) || leafExpired) {
    parts.push(`certificate outside its validity dates (${code ?? 'expired'}) — also check this computer's clock`);
    return { status: 'fail', verdict: 'tls-expired', detail: parts.join('; ') };
  }
  // Node reports a name mismatch as the authorization error once the chain itself verified.
  const chainVerified = facts.authorized || code === 'ERR_TLS_CERT_ALTNAME_INVALID';
  if (!chainVerified) {
    if (code && UNTRUSTED.has(code)) {
      if (facts.issuerIsPublicCaOrganisation) {
        parts.push(`does not validate (${code}): the server likely did not send its intermediate certificate`);
        return { status: 'fail', verdict: 'tls-untrusted', detail: parts.join('; ') };
      }
      parts.push(
        `does not chain to a public root (${code}); issued by ${issuerOrg ?? 'an unknown issuer'}, not a public CA — likely TLS inspection${issuerOrg ? ` by ${issuerOrg}` : ''}`,
      );
      if (facts.hostnameError) parts.push(`also: ${facts.hostnameError}`);
      return { status: 'fail', verdict: 'tls-untrusted', detail: parts.join('; '), likelyInspectionBy: issuerOrg || undefined };
    }
    parts.push(`certificate rejected (${code ?? 'unknown reason'})`);
    return { status: 'fail', verdict: 'tls-failed', detail: parts.join('; ') };
  }
  if (facts.hostnameError || code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    parts.push(`the certificate is not valid for ${facts.host}: ${facts.hostnameError ?? code}`);
    return { status: 'fail', verdict: 'tls-hostname-mismatch', detail: parts.join('; ') };
  }
  if (facts.chainsToPublicRoot) {
    parts.push('chains to a public root');
    return { status: 'pass', detail: parts.join('; ') };
  }
  if (facts.chainsToRunCa) {
    // The admin handed us this root on purpose (--ca); that alone is not a sign of interception.
    parts.push('chains to the root given with --ca (trusted for this run)');
    return { status: 'pass', detail: parts.join('; ') };
  }
  parts.push(
    `validates only through a locally added root (${issuerOrg ?? 'unknown'}), not a public one — likely TLS inspection${issuerOrg ? ` by ${issuerOrg}` : ''}; the Bitwarden containers do not trust that root`,
  );
  return { status: 'fail', verdict: 'tls-untrusted', detail: parts.join('; '), likelyInspectionBy: issuerOrg || undefined };
}

let publicRoots: { fingerprints: Set<string>; organisations: Set<string>; certs: X509Certificate[] } | undefined;

/** The Mozilla bundle compiled into Node (what Node trusts by default), parsed once. */
export function publicRootIndex(): { fingerprints: Set<string>; organisations: Set<string>; certs: X509Certificate[] } {
  if (!publicRoots) {
    const certs = tls.rootCertificates.map((pem) => new X509Certificate(pem));
    publicRoots = {
      certs,
      fingerprints: new Set(certs.map((c) => c.fingerprint256)),
      organisations: new Set(
        certs.map((c) => /(?:^|\n)O=([^\n]+)/.exec(c.subject)?.[1]?.trim()).filter((o): o is string => Boolean(o)),
      ),
    };
  }
  return publicRoots;
}

export function fingerprintsOfPem(pem: string | undefined): Set<string> {
  const out = new Set<string>();
  if (!pem) return out;
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    out.add(new X509Certificate(block).fingerprint256);
  }
  return out;
}

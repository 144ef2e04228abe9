/**
 * Real-format Bitwarden organization licenses for tests, signed with a licensing key made at test time.
 *
 * Used by the license unit tests and by the local Bitwarden stand-in server, so both agree on what a
 * genuine file looks like. Nothing here is committed or trusted: keys live in memory only.
 *
 *   const key = await createTestLicensingKey();              // RSA 2048 + self-signed cert (openssl)
 *   const { json } = issueTestLicense({ key, installationId }); // cloud-style camelCase file with a token
 *   inspectLicense(new TextEncoder().encode(json), { installationId, certificate: key.certificateDer });
 *
 * A file contains what the cloud writes (`GET /organizations/{id}/license`): every OrganizationLicense
 * property as the license constructor fills it (camelCase, or PascalCase as the self-hosted server saves
 * it) — so the six token-only features (TOKEN_ONLY_FIELDS) are always `false` in the JSON — a `Hash` over
 * the version-gated fields, an RSA-SHA256 `Signature` over the signature data, and (withToken) an RS256 JWT
 * with iss `bitwarden`, aud `organization:{cloudOrgId}`, nbf/iat = issue time, exp = issue + 1 year, a
 * random jti and the claims of OrganizationLicenseClaimsFactory (src/Core/Billing/Licenses/Services/
 * Implementations/OrganizationLicenseClaimsFactory.cs): all strings, a claim left out when its value is
 * null, and the token-only features with the organization's real values (`tokenOnly`).
 */
import { execFile } from 'node:child_process';
import { X509Certificate, createHash, createSign, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  LICENSE_FIELDS,
  TOKEN_ONLY_FIELDS,
  camelCaseKey,
  computeLicenseHash,
  formatInvariant,
  formatIso,
  fromJsDate,
  licenseDataString,
  parseIsoDate,
  parseLicense,
  type LicenseDate,
} from '../../main/core/license';

const run = promisify(execFile);

export interface TestLicensingKey {
  /** PKCS#8 PEM private key (RSA 2048). */
  privateKeyPem: string;
  certificatePem: string;
  /** The certificate as a `.cer` file holds it (DER). */
  certificateDer: Uint8Array;
  /** Upper-case hex SHA-1 of the DER certificate. */
  thumbprintSha1: string;
}

/** An RSA 2048 key and a self-signed certificate, made with openssl in a temporary folder that is removed again. */
export async function createTestLicensingKey(options: { commonName?: string } = {}): Promise<TestLicensingKey> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'sponsorship-licensing-'));
  try {
    const openssl = (args: string[]) => run('openssl', args, { cwd: folder, timeout: 30_000 });
    const subject = `/CN=${options.commonName ?? 'Test Licensing (not Bitwarden)'}/O=Sponsorship Setup tests`;
    await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '3650', '-subj', subject, '-keyout', 'licensing.key', '-out', 'licensing.pem']);
    await openssl(['x509', '-in', 'licensing.pem', '-outform', 'DER', '-out', 'licensing.cer']);
    const certificateDer = new Uint8Array(await readFile(path.join(folder, 'licensing.cer')));
    return {
      privateKeyPem: await readFile(path.join(folder, 'licensing.key'), 'utf8'),
      certificatePem: await readFile(path.join(folder, 'licensing.pem'), 'utf8'),
      certificateDer,
      thumbprintSha1: new X509Certificate(certificateDer).fingerprint.replace(/:/g, ''),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface IssueTestLicenseOptions {
  key: TestLicensingKey;
  /** License format version 1–16; default 15, what the cloud issues (`CurrentLicenseFileVersion`). */
  version?: number;
  /** `camel` = cloud download (default); `pascal` = as the self-hosted server saves it. */
  casing?: 'camel' | 'pascal';
  /** Add the JWT the cloud has added since 2025 (default true). */
  withToken?: boolean;
  installationId?: string;
  cloudOrgId?: string;
  /** Default 20 (EnterpriseAnnually). */
  planType?: number;
  /** Default: one hour ago. */
  issued?: Date;
  /** Default: issued + 365 days + 60 days of grace. */
  expires?: Date | null;
  /** Default: issued + 30 days. */
  refresh?: Date | null;
  /** Default: issued + 365 days. */
  expirationWithoutGracePeriod?: Date | null;
  /** Token lifetime; default nbf = issued, exp = issued + 365 days. */
  tokenNotBefore?: Date;
  tokenExpires?: Date;
  /**
   * PascalCase property overrides, applied before Hash, Signature and Token are made (so they stay
   * consistent). Dates may be given as Date. Overriding Hash, Signature or Token keeps your value.
   */
  fields?: Record<string, unknown>;
  /**
   * The organization's values of the six features only the token carries (default all off). The JSON
   * holds `false` for them whatever these say, as the cloud's license constructor never fills them.
   */
  tokenOnly?: Partial<Record<TokenOnlyField, boolean>>;
  /** Claim overrides applied after the claims are derived from the fields; `undefined` removes a claim. */
  claims?: Record<string, string | undefined>;
}

export type TokenOnlyField = (typeof TOKEN_ONLY_FIELDS)[number];

export interface TestLicense {
  /** The file text, indented like the web vault saves it. */
  json: string;
  /** The same content as an object (keys in the requested casing). */
  object: Record<string, unknown>;
  hash: string;
  signature: string;
  token?: string;
}

const DAY_MS = 86_400_000;

/** .NET writes UTC dates with 7 fraction digits; a fixed sub-millisecond part exercises the hash's rounding. */
function dotNetDateText(date: Date): string {
  const base = fromJsDate(date);
  const withTicks: LicenseDate = { ...base, subMsTicks: 4567 };
  return formatIso(withTicks);
}

function toJsonValue(value: unknown): unknown {
  return value instanceof Date ? dotNetDateText(value) : value;
}

function serialize(pascal: Record<string, unknown>, casing: 'camel' | 'pascal'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(pascal)) out[casing === 'camel' ? camelCaseKey(name) : name] = value;
  return out;
}

function parsedFrom(pascal: Record<string, unknown>) {
  const result = parseLicense(new TextEncoder().encode(JSON.stringify(pascal)));
  if (!result.license) throw new Error(`test license did not parse: ${JSON.stringify(result.problems)}`);
  return result.license;
}

/** Claim text the way OrganizationLicenseClaimsFactory writes each property. */
function claimText(kind: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (kind === 'date' || kind === 'nullable-date') {
    const date = typeof value === 'string' ? parseIsoDate(value) : null;
    return date ? formatInvariant(date) : String(value);
  }
  if (kind === 'nullable-license-type') return value === 1 ? 'Organization' : value === 0 ? 'User' : String(value);
  if (kind === 'guid' && typeof value === 'string') return value.toLowerCase();
  return String(value);
}

/** Claims the cloud puts in the token (OrganizationLicenseConstants names); Hash, Signature, Token, Version are not claims. */
const NOT_CLAIMS = new Set(['Hash', 'Signature', 'Token', 'Version']);

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Builds a signed license file. Throws for versions outside 1–16 (mutate the JSON afterwards to test those). */
export function issueTestLicense(options: IssueTestLicenseOptions): TestLicense {
  const version = options.version ?? 15;
  if (!Number.isInteger(version) || version < 1 || version > 16) throw new Error(`version must be 1–16, got ${version}`);
  const issued = options.issued ?? new Date(Date.now() - 3_600_000);
  const at = (days: number) => new Date(issued.getTime() + days * DAY_MS);
  const expires = options.expires === undefined ? at(425) : options.expires;
  const refresh = options.refresh === undefined ? at(30) : options.refresh;
  const graceStart = options.expirationWithoutGracePeriod === undefined ? at(365) : options.expirationWithoutGracePeriod;
  const cloudOrgId = (options.cloudOrgId ?? randomUUID()).toLowerCase();

  const defaults: Record<string, unknown> = {
    LicenseKey: `test-key-${cloudOrgId.slice(0, 8)}`,
    InstallationId: (options.installationId ?? randomUUID()).toLowerCase(),
    Id: cloudOrgId,
    Name: 'Test Enterprise Org',
    BillingEmail: 'billing@example.test',
    BusinessName: null,
    Enabled: true,
    Plan: 'Enterprise (Annually)',
    PlanType: options.planType ?? 20,
    Seats: 25,
    MaxCollections: null,
    MaxStorageGb: 1,
    SelfHost: true,
    Version: version,
    Issued: issued,
    Refresh: refresh,
    Expires: expires,
    ExpirationWithoutGracePeriod: graceStart,
    SmSeats: null,
    SmServiceAccounts: null,
    LimitCollectionCreationDeletion: false,
    LicenseType: 1,
    UseAdminSponsoredFamilies: true,
    Trial: false,
    Hash: null,
    Signature: null,
    Token: null,
  };
  const overrides = options.fields ?? {};
  const pascal: Record<string, unknown> = {};
  for (const spec of LICENSE_FIELDS) {
    const fallback = spec.name in defaults ? defaults[spec.name] : spec.kind === 'bool' ? true : null;
    // Features default to on, except the newest ones a typical Enterprise org does not have yet.
    const featureOff = ['UseRiskInsights', 'UseSecretsManager', 'UseKeyConnector'];
    const tokenOnly = (TOKEN_ONLY_FIELDS as readonly string[]).includes(spec.name);
    const value = tokenOnly ? false : spec.name in overrides ? overrides[spec.name] : featureOff.includes(spec.name) ? false : fallback;
    pascal[spec.name] = toJsonValue(value);
  }

  const hash = 'Hash' in overrides ? String(overrides.Hash) : computeLicenseHash(parsedFrom(pascal));
  pascal.Hash = hash;
  let signature: string;
  if ('Signature' in overrides) signature = String(overrides.Signature);
  else {
    const signer = createSign('RSA-SHA256');
    signer.update(licenseDataString(parsedFrom(pascal), { forHash: false }), 'utf8');
    signature = signer.sign(options.key.privateKeyPem, 'base64');
  }
  pascal.Signature = signature;

  let token: string | undefined;
  if ('Token' in overrides) token = overrides.Token === null ? undefined : String(overrides.Token);
  else if (options.withToken ?? true) {
    const claims: Record<string, string> = {};
    for (const spec of LICENSE_FIELDS) {
      if (NOT_CLAIMS.has(spec.name)) continue;
      const tokenOnly = (TOKEN_ONLY_FIELDS as readonly string[]).includes(spec.name);
      const organizationValue = tokenOnly ? (options.tokenOnly?.[spec.name as TokenOnlyField] ?? false) : pascal[spec.name];
      const text = claimText(spec.kind, organizationValue);
      if (text !== undefined) claims[spec.name] = text;
    }
    for (const [name, value] of Object.entries(options.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    const nbf = Math.floor((options.tokenNotBefore ?? issued).getTime() / 1000);
    const exp = Math.floor((options.tokenExpires ?? new Date(issued.getTime() + 365 * DAY_MS)).getTime() / 1000);
    const der = Buffer.from(options.key.certificateDer);
    const header = { alg: 'RS256', kid: options.key.thumbprintSha1, x5t: base64url(createHash('sha1').update(der).digest()), typ: 'JWT' };
    const payload = { ...claims, nbf, exp, iat: nbf, iss: 'bitwarden', aud: `organization:${cloudOrgId}`, jti: randomUUID() };
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
    const jwtSigner = createSign('RSA-SHA256');
    jwtSigner.update(signingInput, 'ascii');
    token = `${signingInput}.${jwtSigner.sign(options.key.privateKeyPem).toString('base64url')}`;
  }
  pascal.Token = token ?? null;

  const object = serialize(pascal, options.casing ?? 'camel');
  return { json: JSON.stringify(object, null, 2), object, hash, signature, ...(token ? { token } : {}) };
}

/**
 * The JWT in a license's `Token` property. Since 2025 the cloud adds it to every license, and a self-hosted
 * server then trusts only the token (`LicensingService.GetClaimsPrincipalFromLicense`): RS256 signed with the
 * licensing key, issuer `bitwarden`, audience `organization:{license Id}`, lifetime checked with zero skew.
 * Claims are strings (`OrganizationLicenseClaimsFactory`): bools `True`/`False`, PlanType as a number,
 * LicenseType `Organization`, dates as `MM/dd/yyyy HH:mm:ss` (UTC).
 */
import { verify, type KeyObject } from 'node:crypto';
import { GUID_PATTERN } from '../shared/guid';
import { parseInvariantDate, parseIsoDate, type LicenseDate } from './dotnet-date';
import { LICENSE_FIELDS, defaultValue, type LicenseFieldSpec, type LicenseValue } from './license-fields';

export interface DecodedLicenseToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `header.payload` as sent, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
  if (!BASE64URL.test(part)) throw new Error(`the ${what} is not base64url`);
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`the ${what} is not a JSON object`);
  return value as Record<string, unknown>;
}

export function decodeLicenseToken(token: string): { ok: true; token: DecodedLicenseToken } | { ok: false; reason: string } {
  const parts = token.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: `a signed JWT has 3 dot-separated parts, this has ${parts.length}` };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  try {
    const header = decodeJsonPart(headerPart, 'header');
    const payload = decodeJsonPart(payloadPart, 'payload');
    if (!BASE64URL.test(signaturePart) || signaturePart.length === 0) return { ok: false, reason: 'the signature part is missing or not base64url' };
    return {
      ok: true,
      token: { header, payload, signingInput: `${headerPart}.${payloadPart}`, signature: Buffer.from(signaturePart, 'base64url') },
    };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function integerClaim(text: string, min: number, max: number): number | undefined {
  if (!/^[+-]?\d{1,10}$/.test(text.trim())) return undefined;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : undefined;
}

/** Reads one claim string as the server's `ClaimsPrincipal.GetValue<T>` would; undefined = unreadable. */
function claimValue(spec: LicenseFieldSpec, text: string): LicenseValue | undefined {
  switch (spec.kind) {
    case 'string':
      return text;
    case 'guid':
      return GUID_PATTERN.test(text.trim()) ? text.trim().toLowerCase() : undefined;
    case 'bool':
      return /^\s*true\s*$/i.test(text) ? true : /^\s*false\s*$/i.test(text) ? false : undefined;
    case 'int':
    case 'nullable-int':
      return integerClaim(text, -2_147_483_648, 2_147_483_647);
    case 'nullable-short':
      return integerClaim(text, -32_768, 32_767);
    case 'plan-type':
      return integerClaim(text, 0, 255);
    case 'nullable-license-type': {
      const named: Record<string, number> = { user: 0, organization: 1 };
      return named[text.trim().toLowerCase()] ?? integerClaim(text, 0, 255);
    }
    case 'date':
    case 'nullable-date':
      return parseInvariantDate(text.trim()) ?? parseIsoDate(text.trim()) ?? undefined;
  }
}

/**
 * Properties the license constructor (`OrganizationLicense.cs`) never fills, so they are `false` in every
 * downloaded file, while the claims factory (`OrganizationLicenseClaimsFactory.cs`) carries the
 * organization's real values; on upload the server applies the claims (`UpdateOrganizationLicenseCommand`).
 */
export const TOKEN_ONLY_FIELDS = [
  'UseAutomaticUserConfirmation',
  'UseDisableSmAdsForUsers',
  'UsePhishingBlocker',
  'UseMyItems',
  'UseInviteLinks',
  'UsePam',
] as const;

/** Claims the cloud leaves out when the value is null (`OrganizationLicenseClaimsFactory.cs`). */
export const NULL_OMITTED_CLAIMS = [
  'Name',
  'BillingEmail',
  'Plan',
  'BusinessName',
  'LicenseKey',
  'InstallationId',
  'Seats',
  'MaxCollections',
  'MaxStorageGb',
  'SmSeats',
  'SmServiceAccounts',
  'ExpirationWithoutGracePeriod',
] as const;

/** License properties that are never claims. */
const NOT_CLAIMS = new Set(['Hash', 'Signature', 'Token', 'Version']);

export interface TokenClaimValues {
  /** License property values the token carries, by PascalCase name. */
  values: Record<string, LicenseValue>;
  /** Claims present but unreadable for their property type; the server uses the type's default instead. */
  unreadable: string[];
  /** Claim properties the token does not carry (the server reads the type's default for them). */
  absent: string[];
}

/** The license properties the token's claims set (claim names from `OrganizationLicenseConstants`). */
export function licenseValuesFromClaims(payload: Record<string, unknown>): TokenClaimValues {
  const byLower = new Map(Object.entries(payload).map(([key, value]) => [key.toLowerCase(), value]));
  const values: Record<string, LicenseValue> = {};
  const unreadable: string[] = [];
  const absent: string[] = [];
  for (const spec of LICENSE_FIELDS) {
    if (NOT_CLAIMS.has(spec.name)) continue;
    const raw = byLower.get(spec.name.toLowerCase());
    if (raw === undefined) {
      absent.push(spec.name);
      continue;
    }
    const value = typeof raw === 'string' ? claimValue(spec, raw) : undefined;
    if (value === undefined) unreadable.push(spec.name);
    else values[spec.name] = value;
  }
  return { values, unreadable, absent };
}

/**
 * What the server applies from a token (`LicenseExtensions.GetValue<T>`): each claim's value, and for a
 * claim that is absent or unreadable the property type's default. Never a rejection.
 */
export function appliedClaimValues(claims: TokenClaimValues): Record<string, LicenseValue> {
  // The server keeps the file's Id (the token's audience is checked against it) and reads every other property from the claims.
  const { Id: _id, ...applied } = claims.values;
  for (const name of [...claims.absent, ...claims.unreadable].filter((field) => field !== 'Id')) {
    const spec = LICENSE_FIELDS.find((field) => field.name === name);
    if (spec) applied[name] = defaultValue(spec);
  }
  return applied;
}

/** Problems the server's token validation would find that need no key: algorithm, issuer, audience, expiry claim. */
export function tokenStructureProblems(token: DecodedLicenseToken, licenseId: string): string[] {
  const reasons: string[] = [];
  if (token.header.alg !== 'RS256') reasons.push(`its algorithm is ${JSON.stringify(token.header.alg)}, not RS256`);
  if (token.payload.iss !== 'bitwarden') reasons.push(`its issuer is ${JSON.stringify(token.payload.iss)}, not "bitwarden"`);
  const expectedAudience = `organization:${licenseId}`;
  const aud = token.payload.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(expectedAudience)) {
    reasons.push(`its audience is ${JSON.stringify(aud)}, not "${expectedAudience}" (the file's Id)`);
  }
  if (typeof token.payload.exp !== 'number') reasons.push('it has no expiry time (exp), which the server requires');
  if (token.payload.nbf !== undefined && typeof token.payload.nbf !== 'number') reasons.push('its not-before time (nbf) is not a number');
  return reasons;
}

/** RS256 check of the token's signature with the licensing certificate's public key. */
export function tokenSignatureValid(token: DecodedLicenseToken, publicKey: KeyObject): boolean {
  try {
    return verify('sha256', Buffer.from(token.signingInput, 'ascii'), publicKey, token.signature);
  } catch {
    return false;
  }
}

/** `nbf`/`exp` (seconds since the epoch) as dates, when present and numeric. */
export function tokenLifetime(token: DecodedLicenseToken): { notBefore?: Date; expires?: Date } {
  const at = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 1e13 ? new Date(value * 1000) : undefined);
  const notBefore = at(token.payload.nbf);
  const expires = at(token.payload.exp);
  return { notBefore, expires };
}

export type { LicenseDate };

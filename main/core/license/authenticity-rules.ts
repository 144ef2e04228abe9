/**
 * The rules that say whether the file is what the cloud issued: the token (what a self-hosted server
 * trusts), the hash over the JSON fields, and the RSA signature (what it checks for token-less files).
 */
import { verify } from 'node:crypto';
import type { LicenseProblem, LicenseWarning } from './license-codes';
import { computeLicenseHash, licenseDataString } from './license-data';
import { EMPTY_GUID, type LicenseValue } from './license-fields';
import { NULL_OMITTED_CLAIMS, TOKEN_ONLY_FIELDS, tokenSignatureValid, tokenStructureProblems } from './license-token';
import { asString, certificateName, display, DOWNLOAD_AGAIN, isDate, type Findings, type InspectionContext } from './inspection-context';

/**
 * The cloud stamps `Issued`/`Refresh`/`Expires` on the JSON and on the token in two separate `UtcNow` calls,
 * so the two copies of a date may differ by a moment; more than this means the file was changed.
 */
const TOKEN_DATE_TOLERANCE_MS = 5 * 60_000;
const TOKEN_ONLY = new Set<string>(TOKEN_ONLY_FIELDS);
const NULL_OMITTED = new Set<string>(NULL_OMITTED_CLAIMS);

function valuesEqual(a: LicenseValue, b: LicenseValue): boolean {
  if (isDate(a) && isDate(b)) return Math.abs(a.epochMs - b.epochMs) <= TOKEN_DATE_TOLERANCE_MS;
  if (isDate(a) || isDate(b)) return false;
  return a === b;
}

/** The token's value for a field the constructor also writes into the JSON; undefined = nothing to compare. */
function tokenValueToCompare(context: InspectionContext, name: string): LicenseValue | undefined {
  if (!context.token?.ok || TOKEN_ONLY.has(name)) return undefined;
  const { values, absent } = context.token.claims;
  if (name in values) return values[name];
  // A claim the cloud leaves out because its value is null stands for null; other absent claims are older tokens.
  return absent.includes(name) && NULL_OMITTED.has(name) ? null : undefined;
}

function mismatchProblem(context: InspectionContext): LicenseProblem | undefined {
  const differences = context.license.present
    .map((name) => ({ name, value: tokenValueToCompare(context, name) }))
    .filter((entry): entry is { name: string; value: LicenseValue } => entry.value !== undefined && !valuesEqual(context.file[entry.name] ?? null, entry.value))
    .map(({ name, value }) => `${name} is ${display(context.file[name])} in the file but ${display(value)} in the token`);
  if (differences.length === 0) return undefined;
  return {
    code: 'token-mismatch',
    message:
      `The file's fields disagree with its signed Token: ${differences.join('; ')}. The file was edited after it was issued. ` +
      `The server applies the token's values, so the edited fields would be ignored. ${DOWNLOAD_AGAIN}`,
  };
}

function unreadableClaimsWarning(context: InspectionContext): LicenseWarning | undefined {
  const unreadable = context.token?.ok ? context.token.claims.unreadable : [];
  if (unreadable.length === 0) return undefined;
  return {
    code: 'claim-unreadable',
    message: `The Token's claims ${unreadable.join(', ')} hold values the server cannot read; it will use the default (false, 0 or empty) for ${unreadable.length === 1 ? 'it' : 'them'} instead of rejecting the license.`,
  };
}

/** Token: readable, the server's structural checks, same values as the file, signed by the licensing certificate. */
export function tokenRule(context: InspectionContext): Findings {
  if (!context.token) return { checks: { token: 'absent' } };
  if (!context.token.ok) {
    return {
      checks: { token: 'invalid' },
      problems: [{ code: 'token-invalid', message: `The license's Token cannot be read (${context.token.reason}); the server will refuse the file. ${DOWNLOAD_AGAIN}` }],
    };
  }
  const problems: LicenseProblem[] = [];
  const warnings: LicenseWarning[] = [];
  const unreadable = unreadableClaimsWarning(context);
  if (unreadable) warnings.push(unreadable);
  const mismatch = mismatchProblem(context);
  const reasons = tokenStructureProblems(context.token.decoded, asString(context.file.Id) ?? EMPTY_GUID);
  if (reasons.length > 0) {
    problems.push({ code: 'token-invalid', message: `The server would reject the license's Token: ${reasons.join('; ')}. ${DOWNLOAD_AGAIN}` });
    if (mismatch) problems.push(mismatch);
    return { checks: { token: 'invalid' }, problems, warnings };
  }
  if (mismatch) problems.push(mismatch);
  if (!context.certificate.ok) return { checks: { token: 'not-checked' }, problems, warnings };
  if (tokenSignatureValid(context.token.decoded, context.certificate.publicKey)) return { checks: { token: 'valid' }, problems, warnings };
  problems.unshift({
    code: 'token-invalid',
    message: `The Token's signature does not verify with ${certificateName(context.certificate)}: the license was not issued by the holder of that certificate, and the server will refuse it. ${DOWNLOAD_AGAIN}`,
  });
  return { checks: { token: 'invalid' }, problems, warnings };
}

/** Hash: recomputed from the JSON fields, so it tells whether the JSON was changed after issue. */
export function hashRule(context: InspectionContext): Findings {
  const fileHash = asString(context.file.Hash);
  if (!fileHash) return { checks: { hash: 'absent' } };
  if (!context.versionSupported) return { checks: { hash: 'not-checked' } };
  if (computeLicenseHash(context.license) === fileHash) return { checks: { hash: 'match' } };
  if (context.tokenText) {
    return {
      checks: { hash: 'mismatch' },
      warnings: [
        {
          code: 'hash-mismatch',
          message:
            "The file's Hash does not match its fields: the file was edited after it was issued. The server goes by the signed Token, " +
            'so it may still accept it, but a fresh download is the safe choice.',
        },
      ],
    };
  }
  return {
    checks: { hash: 'mismatch' },
    problems: [
      {
        code: 'hash-mismatch',
        message: `The file's Hash does not match its fields: the file was edited or damaged after it was issued, and its signature will not verify. ${DOWNLOAD_AGAIN}`,
      },
    ],
  };
}

function signatureValid(context: InspectionContext, signatureText: string): boolean {
  if (!context.certificate.ok || !context.versionSupported || !/^[A-Za-z0-9+/]*={0,2}$/.test(signatureText.trim())) return false;
  try {
    const data = Buffer.from(licenseDataString(context.license, { forHash: false }), 'utf8');
    return verify('sha256', data, context.certificate.publicKey, Buffer.from(signatureText, 'base64'));
  } catch {
    return false;
  }
}

/** Signature: what the server checks for a file without a token; with a token it is never checked. */
export function signatureRule(context: InspectionContext): Findings {
  const signatureText = asString(context.file.Signature);
  if (!signatureText) {
    if (context.tokenText) return { checks: { signature: 'absent' } };
    return {
      checks: { signature: 'absent' },
      warnings: [
        {
          code: 'not-verified',
          message:
            'The file carries neither a Token nor a Signature, so nothing proves it genuine: the fields were read and compared only. ' +
            'Licenses the cloud issues carry both; download it again to get a verifiable file.',
        },
      ],
    };
  }
  if (context.tokenText) return { checks: { signature: 'not-checked' } };
  if (!context.certificate.ok) return { checks: { signature: 'not-checked' } };
  if (signatureValid(context, signatureText)) return { checks: { signature: 'valid' } };
  return {
    checks: { signature: 'invalid' },
    problems: [
      {
        code: 'signature-invalid',
        message: `The license's Signature does not verify with ${certificateName(context.certificate)}: the file was changed or was not issued by the holder of that certificate. ${DOWNLOAD_AGAIN}`,
      },
    ],
  };
}

/** A certificate the admin supplied that cannot be used: said once, and nothing is reported as verified. */
export function certificateRule(context: InspectionContext): Findings {
  if (context.certificate.ok || (!context.tokenText && !asString(context.file.Signature))) return {};
  return {
    warnings: [
      {
        code: 'not-verified',
        message: `The certificate you supplied could not be used: ${context.certificate.reason}. Authenticity was not checked; leave the certificate out to check with Bitwarden's licensing certificate, which is built in.`,
      },
    ],
  };
}

/**
 * Offline inspection of an organization license file before it is uploaded: would this self-hosted
 * installation accept it, is it authentic (only with the licensing certificate), and can the organization
 * sponsor Families plans. Never throws, whatever the bytes.
 */
import { verify } from 'node:crypto';
import { toJsDate, type LicenseDate } from './dotnet-date';
import {
  LICENSE_UPLOAD_MAX_BYTES,
  type LicenseProblem,
  type LicenseWarning,
} from './license-codes';
import { computeLicenseHash, isSupportedLicenseVersion, licenseDataString, MAX_LICENSE_VERSION, MIN_LICENSE_VERSION } from './license-data';
import { EMPTY_GUID, type LicenseValue, type LicenseValues } from './license-fields';
import { loadLicensingCertificate, type LicensingCertificateInfo } from './licensing-certificate';
import {
  decodeLicenseToken,
  licenseValuesFromClaims,
  tokenLifetime,
  tokenSignatureValid,
  tokenStructureProblems,
  type DecodedLicenseToken,
} from './license-token';
import { parseLicense, type ParsedLicense } from './parse-license';
import { canSponsorFamilies, planTypeName, SPONSOR_CAPABLE_PLAN_TYPES } from './plan-types';

export interface InspectLicenseOptions {
  /** This installation's ID (`globalSettings__installation__id` in bwdata/env/global.override.env). */
  installationId?: string;
  /** Bitwarden's licensing certificate (`.cer`, DER or PEM) to check authenticity. */
  certificate?: Uint8Array;
  /** The clock to judge dates by; defaults to the local clock. */
  now?: Date;
  /**
   * Known difference between the local clock and a trusted one (local minus trusted, in ms), e.g. from the
   * `Date` header of a Bitwarden cloud response. More than 5 minutes either way raises `clock-skew`.
   */
  clockOffsetMs?: number;
}

export interface LicenseSummary {
  organizationName: string | null;
  /** The organization's ID in Bitwarden's cloud (the file's `Id`); the self-hosted copy gets a new ID. */
  cloudOrganizationId: string;
  plan: string | null;
  planType: number;
  planTypeName: string;
  canSponsorFamilies: boolean;
  seats: number | null;
  issued: string;
  expires: string | null;
  refresh: string | null;
  expirationWithoutGracePeriod: string | null;
  installationId: string;
  version: number;
  selfHost: boolean;
  enabled: boolean;
  trial: boolean;
  billingEmail: string | null;
  features: {
    useAdminSponsoredFamilies: boolean;
    usersGetPremium: boolean;
    usePolicies: boolean;
    useSso: boolean;
    useScim: boolean;
    useGroups: boolean;
    useApi: boolean;
    useResetPassword: boolean;
    useOrganizationDomains: boolean;
  };
  /** Where the values above come from: the server trusts the token's claims over the JSON when a token exists. */
  valuesFrom: 'token' | 'file';
  /** Key style: `camel` for a cloud download, `pascal` for a file the server saved. */
  fileCasing: ParsedLicense['casing'];
}

export interface LicenseInspection {
  /** True when there are no problems (warnings allowed). */
  usable: boolean;
  problems: LicenseProblem[];
  warnings: LicenseWarning[];
  license: LicenseSummary | null;
  checks: {
    /** `not-checked`: the version is unsupported or the file unreadable, so there is no defined hash. */
    hash: 'match' | 'mismatch' | 'absent' | 'not-checked';
    /** `valid` = signed by the supplied certificate, right issuer and audience (dates are reported separately). */
    token: 'valid' | 'invalid' | 'not-checked' | 'absent';
    /** The RSA signature is what the server checks only for token-less files; with a token it is `not-checked`. */
    signature: 'valid' | 'invalid' | 'not-checked' | 'absent';
  };
  certificate?: LicensingCertificateInfo;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** A license issued this little in the future was most likely just downloaded onto a machine whose clock is behind. */
const SUSPECT_CLOCK_WINDOW_MS = DAY;
const CLOCK_OFFSET_WARNING_MS = 5 * MINUTE;
const EXPIRES_SOON_MS = 30 * DAY;
/**
 * The cloud stamps `Issued`/`Refresh`/`Expires` on the JSON and on the token in two separate `UtcNow` calls,
 * so the two copies of a date may differ by a moment; more than this means the file was changed.
 */
const TOKEN_DATE_TOLERANCE_MS = 5 * MINUTE;
const REQUIRED_FIELDS = ['LicenseKey', 'InstallationId', 'Id', 'Enabled', 'PlanType', 'SelfHost', 'Version', 'Issued', 'Expires', 'Hash'];
const DOWNLOAD_AGAIN =
  "Download the license again in the Bitwarden web vault (organization › Billing › Subscription › Download license) with this installation's ID.";

function isDate(value: LicenseValue | undefined): value is LicenseDate {
  return typeof value === 'object' && value !== null;
}
function asString(value: LicenseValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
function asNumber(value: LicenseValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
function asIso(value: LicenseValue | undefined): string | null {
  return isDate(value) ? value.iso : null;
}
function display(value: LicenseValue | undefined): string {
  if (value === undefined || value === null) return '(empty)';
  if (isDate(value)) return value.iso;
  return JSON.stringify(value);
}

function describeSpan(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 2 * MINUTE) return `${Math.round(abs / 1000)} seconds`;
  if (abs < 2 * 60 * MINUTE) return `${Math.round(abs / MINUTE)} minutes`;
  if (abs < 2 * DAY) return `${Math.round(abs / (60 * MINUTE))} hours`;
  return `${Math.round(abs / DAY)} days`;
}

function valuesEqual(a: LicenseValue, b: LicenseValue): boolean {
  if (isDate(a) && isDate(b)) return Math.abs(a.epochMs - b.epochMs) <= TOKEN_DATE_TOLERANCE_MS;
  if (isDate(a) || isDate(b)) return false;
  return a === b;
}

function summarize(values: LicenseValues, parsed: ParsedLicense, fromToken: boolean): LicenseSummary {
  const bool = (name: string) => values[name] === true;
  const planType = asNumber(values.PlanType) ?? 0;
  return {
    organizationName: asString(values.Name),
    cloudOrganizationId: asString(values.Id) ?? EMPTY_GUID,
    plan: asString(values.Plan),
    planType,
    planTypeName: planTypeName(planType),
    canSponsorFamilies: canSponsorFamilies(planType),
    seats: asNumber(values.Seats),
    issued: asIso(values.Issued) ?? '',
    expires: asIso(values.Expires),
    refresh: asIso(values.Refresh),
    expirationWithoutGracePeriod: asIso(values.ExpirationWithoutGracePeriod),
    installationId: asString(values.InstallationId) ?? EMPTY_GUID,
    version: asNumber(values.Version) ?? 0,
    selfHost: bool('SelfHost'),
    enabled: bool('Enabled'),
    trial: bool('Trial'),
    billingEmail: asString(values.BillingEmail),
    features: {
      useAdminSponsoredFamilies: bool('UseAdminSponsoredFamilies'),
      usersGetPremium: bool('UsersGetPremium'),
      usePolicies: bool('UsePolicies'),
      useSso: bool('UseSso'),
      useScim: bool('UseScim'),
      useGroups: bool('UseGroups'),
      useApi: bool('UseApi'),
      useResetPassword: bool('UseResetPassword'),
      useOrganizationDomains: bool('UseOrganizationDomains'),
    },
    valuesFrom: fromToken ? 'token' : 'file',
    fileCasing: parsed.casing,
  };
}

function inspect(bytes: Uint8Array, options: InspectLicenseOptions): LicenseInspection {
  const problems: LicenseProblem[] = [];
  const warnings: LicenseWarning[] = [];
  const now = options.now instanceof Date && Number.isFinite(options.now.getTime()) ? options.now : new Date();
  const checks: LicenseInspection['checks'] = { hash: 'not-checked', token: 'absent', signature: 'absent' };

  const loaded = options.certificate instanceof Uint8Array ? loadLicensingCertificate(options.certificate) : undefined;
  const certificate = loaded?.ok ? loaded.info : undefined;
  const withCertificate = (result: Omit<LicenseInspection, 'certificate'>): LicenseInspection =>
    certificate ? { ...result, certificate } : result;

  if (bytes.byteLength > LICENSE_UPLOAD_MAX_BYTES) {
    problems.push({
      code: 'too-large',
      message: `The file is ${bytes.byteLength} bytes; the server accepts uploads of at most 51,200 bytes including the form envelope, so a license file may have at most ${LICENSE_UPLOAD_MAX_BYTES} bytes. Real licenses are a few KB: this is not a plain license file. ${DOWNLOAD_AGAIN}`,
    });
  }

  const parsed = parseLicense(bytes);
  problems.push(...parsed.problems);
  const license = parsed.license;
  if (!license) {
    return withCertificate({ usable: false, problems, warnings, license: null, checks });
  }
  const file = license.values;

  // Token: the server reads the claims and trusts them over the JSON.
  const tokenText = typeof file.Token === 'string' && file.Token.trim() !== '' ? file.Token : null;
  let token: DecodedLicenseToken | null = null;
  let effective: LicenseValues = file;
  if (tokenText) {
    const decoded = decodeLicenseToken(tokenText);
    if (!decoded.ok) {
      checks.token = 'invalid';
      problems.push({
        code: 'token-invalid',
        message: `The license's Token cannot be read (${decoded.reason}); the server will refuse the file. ${DOWNLOAD_AGAIN}`,
      });
    } else {
      token = decoded.token;
      checks.token = 'not-checked';
      const claims = licenseValuesFromClaims(token.payload);
      effective = { ...file, ...claims.values };
      const reasons = tokenStructureProblems(token, asString(file.Id) ?? EMPTY_GUID);
      if (claims.unreadable.length > 0) reasons.push(`the claims ${claims.unreadable.join(', ')} hold values the server cannot read`);
      if (reasons.length > 0) {
        checks.token = 'invalid';
        problems.push({
          code: 'token-invalid',
          message: `The server would reject the license's Token: ${reasons.join('; ')}. ${DOWNLOAD_AGAIN}`,
        });
      }
      const differences = Object.entries(claims.values)
        .filter(([name, value]) => license.present.includes(name) && !valuesEqual(file[name] ?? null, value))
        .map(([name, value]) => `${name} is ${display(file[name])} in the file but ${display(value)} in the token`);
      if (differences.length > 0) {
        problems.push({
          code: 'token-mismatch',
          message: `The file's fields disagree with its signed Token: ${differences.join('; ')}. The file was edited after it was issued; the server would store the edited values and its twice-daily license check would then disable the organization. ${DOWNLOAD_AGAIN}`,
        });
      }
    }
  }

  const missing = REQUIRED_FIELDS.filter((name) => !license.present.includes(name));
  if (!tokenText && !license.present.includes('Signature')) missing.push('Signature');
  if (missing.length > 0) {
    problems.push({
      code: 'missing-field',
      message: `The file lacks ${missing.join(', ')}: it is incomplete or not an organization license. ${DOWNLOAD_AGAIN}`,
    });
  }

  const looksPersonal = license.unknownKeys.includes('premium') || license.unknownKeys.includes('email');
  const licenseType = effective.LicenseType;
  if (looksPersonal || (licenseType !== null && licenseType !== undefined && licenseType !== 1)) {
    problems.push({
      code: 'not-organization',
      message:
        'This is a personal (Premium) license, not an organization license. Upload it under Settings › Subscription of the user account instead, ' +
        "and for the organization download the license from the organization's Billing › Subscription page.",
    });
  }

  const version = file.Version;
  const versionSupported = isSupportedLicenseVersion(version);
  if (!versionSupported) {
    problems.push({
      code: 'unsupported-version',
      message: `License format version ${display(version)} is not supported (the server accepts ${MIN_LICENSE_VERSION}–${MAX_LICENSE_VERSION}). ${DOWNLOAD_AGAIN}`,
    });
  }

  // Hash: recomputed from the JSON fields, so it tells whether the JSON was changed after issue.
  const fileHash = asString(file.Hash);
  if (!fileHash) checks.hash = 'absent';
  else if (versionSupported) {
    checks.hash = computeLicenseHash(license) === fileHash ? 'match' : 'mismatch';
    if (checks.hash === 'mismatch') {
      if (tokenText) {
        warnings.push({
          code: 'hash-mismatch',
          message:
            "The file's Hash does not match its fields: the file was edited after it was issued. The server goes by the signed Token, " +
            'so it may still accept it, but a fresh download is the safe choice.',
        });
      } else {
        problems.push({
          code: 'hash-mismatch',
          message: `The file's Hash does not match its fields: the file was edited or damaged after it was issued, and its signature will not verify. ${DOWNLOAD_AGAIN}`,
        });
      }
    }
  }

  // Authenticity needs Bitwarden's licensing certificate.
  const signatureText = asString(file.Signature);
  checks.signature = signatureText ? 'not-checked' : 'absent';
  if (loaded?.ok) {
    if (token && checks.token !== 'invalid') {
      if (tokenSignatureValid(token, loaded.publicKey)) checks.token = 'valid';
      else {
        checks.token = 'invalid';
        problems.push({
          code: 'token-invalid',
          message: `The Token's signature does not verify with the certificate ${loaded.info.thumbprintSha1}${loaded.info.isBitwardenProduction ? " (Bitwarden's production licensing certificate)" : ''}: the license was not issued by the holder of that certificate. ${DOWNLOAD_AGAIN}`,
        });
      }
    }
    if (!tokenText && signatureText) {
      let valid = false;
      if (versionSupported && /^[A-Za-z0-9+/]*={0,2}$/.test(signatureText.trim())) {
        try {
          valid = verify('sha256', Buffer.from(licenseDataString(license, { forHash: false }), 'utf8'), loaded.publicKey, Buffer.from(signatureText, 'base64'));
        } catch {
          valid = false;
        }
      }
      checks.signature = valid ? 'valid' : 'invalid';
      if (!valid) {
        problems.push({
          code: 'signature-invalid',
          message: `The license's Signature does not verify with the certificate ${loaded.info.thumbprintSha1}: the file was changed or was not issued by the holder of that certificate. ${DOWNLOAD_AGAIN}`,
        });
      }
    }
  } else {
    const why = loaded && !loaded.ok ? `The certificate you supplied could not be used: ${loaded.reason}. ` : '';
    warnings.push({
      code: 'not-verified',
      message: `${why}Authenticity was not checked: the fields were read and compared, but only Bitwarden's licensing certificate (thumbprint B34876439FCDA2846505B2EFBBA6C4A951313EBE) can prove the license is genuine. Supply it to check the signature.`,
    });
  }

  // Checks the server's CanUse makes against this installation.
  if (options.installationId !== undefined) {
    const expected = options.installationId.trim().toLowerCase();
    const actual = asString(effective.InstallationId) ?? EMPTY_GUID;
    if (expected !== actual) {
      problems.push({
        code: 'installation-mismatch',
        message: `The license is for installation ${actual}, but this server's installation ID is ${expected} (bwdata/env/global.override.env). Download the license again and enter ${expected} as the installation ID. If the web vault answers "Invalid installation id", the installation was registered for the other region (US or EU) than the organization's.`,
      });
    }
  }
  if (effective.SelfHost !== true) {
    problems.push({
      code: 'not-self-host',
      message: "The license does not allow self-hosting. The cloud organization's plan must include self-hosting; change the plan in the cloud web vault, then download the license again.",
    });
  }
  if (effective.Enabled !== true) {
    problems.push({
      code: 'disabled',
      message: "The cloud organization is disabled (often an unpaid invoice). Resolve it in the cloud web vault's Billing page, then download the license again.",
    });
  }

  // Dates, judged by the local clock with no allowance, like the server's zero-skew token check.
  const lifetime = token ? tokenLifetime(token) : {};
  const issued = isDate(effective.Issued) ? toJsDate(effective.Issued) : undefined;
  const startCandidates = [issued, lifetime.notBefore].filter((d): d is Date => d !== undefined);
  const validFrom = startCandidates.length ? new Date(Math.max(...startCandidates.map((d) => d.getTime()))) : undefined;
  const expiresField = isDate(effective.Expires) ? toJsDate(effective.Expires) : undefined;
  const endCandidates = [expiresField, lifetime.expires].filter((d): d is Date => d !== undefined);
  const validUntil = endCandidates.length ? new Date(Math.min(...endCandidates.map((d) => d.getTime()))) : undefined;
  const clockNotes: string[] = [];

  if (validFrom && validFrom.getTime() > now.getTime()) {
    const ahead = validFrom.getTime() - now.getTime();
    problems.push({
      code: 'not-yet-valid',
      message: `The license becomes valid only at ${validFrom.toISOString()}, ${describeSpan(ahead)} from now by this computer's clock; the server allows no clock difference and refuses it until then.`,
    });
    if (ahead <= SUSPECT_CLOCK_WINDOW_MS) {
      clockNotes.push(
        `the license was issued ${describeSpan(ahead)} "in the future", which usually means this computer's clock is behind. Check the time and time zone of this computer and of the Bitwarden server (use NTP), or wait ${describeSpan(ahead)} before uploading`,
      );
    }
  }
  if (validUntil && validUntil.getTime() < now.getTime()) {
    problems.push({
      code: 'expired',
      message: `The license expired at ${validUntil.toISOString()}. Renew the subscription if needed, then download a fresh license.`,
    });
  } else if (validUntil && validUntil.getTime() - now.getTime() <= EXPIRES_SOON_MS) {
    warnings.push({
      code: 'expires-soon',
      message: `The license expires at ${validUntil.toISOString()} (in ${describeSpan(validUntil.getTime() - now.getTime())}). Download and upload a fresh license before then, or set up billing sync so the server fetches it.`,
    });
  }
  const graceStart = isDate(effective.ExpirationWithoutGracePeriod) ? toJsDate(effective.ExpirationWithoutGracePeriod) : undefined;
  if (graceStart && graceStart.getTime() < now.getTime() && !(validUntil && validUntil.getTime() < now.getTime())) {
    warnings.push({
      code: 'grace-period',
      message: `The subscription period ended at ${graceStart.toISOString()}; the license is in its grace period${validUntil ? ` until ${validUntil.toISOString()}` : ''}. Check the payment in the cloud web vault, then download a fresh license.`,
    });
  }
  if (typeof options.clockOffsetMs === 'number' && Number.isFinite(options.clockOffsetMs) && Math.abs(options.clockOffsetMs) > CLOCK_OFFSET_WARNING_MS) {
    clockNotes.push(
      `this computer's clock is ${describeSpan(options.clockOffsetMs)} ${options.clockOffsetMs > 0 ? 'ahead of' : 'behind'} Bitwarden's servers, so the date checks here may be off. Set the clock right (NTP) here and on the Bitwarden server: its token check allows no difference`,
    );
  }
  if (clockNotes.length > 0) {
    warnings.push({ code: 'clock-skew', message: `Clock difference: ${clockNotes.join('; also ')}.` });
  }

  const planType = asNumber(effective.PlanType) ?? 0;
  if (!canSponsorFamilies(planType)) {
    problems.push({
      code: 'cannot-sponsor',
      message: `The plan ${planTypeName(planType)} (PlanType ${planType}) cannot sponsor Families organizations; only Enterprise plans can (PlanType ${SPONSOR_CAPABLE_PLAN_TYPES.join(', ')}). Upgrade the cloud organization to Enterprise, then download the license again.`,
    });
  }

  return withCertificate({
    usable: problems.length === 0,
    problems,
    warnings,
    license: summarize(effective, license, token !== null),
    checks,
  });
}

/**
 * Inspects license file bytes. Never throws: anything unexpected becomes a `not-json` problem.
 * `options.installationId` enables `installation-mismatch`; `options.certificate` enables authenticity checks.
 */
export function inspectLicense(bytes: Uint8Array, options: InspectLicenseOptions = {}): LicenseInspection {
  try {
    if (!(bytes instanceof Uint8Array)) {
      return {
        usable: false,
        problems: [{ code: 'not-json', message: `No file content was given. Choose the downloaded license file.` }],
        warnings: [],
        license: null,
        checks: { hash: 'not-checked', token: 'not-checked', signature: 'not-checked' },
      };
    }
    return inspect(bytes, options ?? {});
  } catch (error) {
    return {
      usable: false,
      problems: [
        {
          code: 'not-json',
          message: `The file could not be read as a license (${error instanceof Error ? error.message : String(error)}). ${DOWNLOAD_AGAIN}`,
        },
      ],
      warnings: [],
      license: null,
      checks: { hash: 'not-checked', token: 'not-checked', signature: 'not-checked' },
    };
  }
}

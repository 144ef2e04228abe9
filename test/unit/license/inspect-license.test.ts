import { beforeAll, describe, expect, it } from 'vitest';
import {
  LICENSE_PROBLEM_CODES,
  LICENSE_UPLOAD_MAX_BYTES,
  LICENSE_WARNING_CODES,
  SPONSOR_CAPABLE_PLAN_TYPES,
  formatInspectionText,
  inspectLicense,
  licenseAuthenticity,
  type InspectLicenseOptions,
  type LicenseInspection,
} from '../../../main/core/license';
import { createTestLicensingKey, issueTestLicense, type IssueTestLicenseOptions, type TestLicensingKey } from '../../support/license-factory';

const INSTALLATION = '6285f891-b2ec-4047-84c5-2eb7f7747e74';
const ISSUED = new Date('2026-03-10T09:30:15.250Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const AFTER_ISSUE = new Date(ISSUED.getTime() + HOUR);

let key: TestLicensingKey;
let otherKey: TestLicensingKey;

beforeAll(async () => {
  [key, otherKey] = await Promise.all([createTestLicensingKey(), createTestLicensingKey({ commonName: 'Someone else' })]);
});

const encode = (text: string) => new TextEncoder().encode(text);

function issue(overrides: Partial<IssueTestLicenseOptions> = {}) {
  return issueTestLicense({ key, installationId: INSTALLATION, issued: ISSUED, ...overrides });
}

function inspect(json: string, options: InspectLicenseOptions = {}): LicenseInspection {
  return inspectLicense(encode(json), { installationId: INSTALLATION, certificate: key.certificateDer, now: AFTER_ISSUE, ...options });
}

/** Re-serialises a license object after `edit`, like a hand-edited file. */
function edited(object: Record<string, unknown>, edit: (o: Record<string, unknown>) => void): string {
  const copy = structuredClone(object);
  edit(copy);
  return JSON.stringify(copy, null, 2);
}

const problemCodes = (r: LicenseInspection) => r.problems.map((p) => p.code);
const warningCodes = (r: LicenseInspection) => r.warnings.map((w) => w.code);

describe('genuine licenses made at test time', () => {
  for (const casing of ['camel', 'pascal'] as const) {
    for (const withToken of [true, false]) {
      it(`versions 1–16, ${casing}Case, ${withToken ? 'with' : 'without'} token: usable, hash matches, authenticity verified`, () => {
        for (let version = 1; version <= 16; version += 1) {
          const license = issue({ version, casing, withToken });
          const result = inspect(license.json);
          expect({ version, problems: result.problems, warnings: result.warnings }).toEqual({ version, problems: [], warnings: [] });
          expect(result.usable).toBe(true);
          expect(result.checks).toEqual({
            hash: 'match',
            token: withToken ? 'valid' : 'absent',
            signature: withToken ? 'not-checked' : 'valid',
          });
          expect(result.license?.version).toBe(version);
          expect(result.license?.fileCasing).toBe(casing);
          expect(result.license?.valuesFrom).toBe(withToken ? 'token' : 'file');
        }
      });
    }
  }

  it('summarises the license and identifies the certificate (not Bitwarden production)', () => {
    const cloudOrgId = '1065216d-5854-4326-838d-635487f30b43';
    const result = inspect(issue({ cloudOrgId }).json);
    expect(result.license).toMatchObject({
      organizationName: 'Test Enterprise Org',
      cloudOrganizationId: cloudOrgId,
      planType: 20,
      planTypeName: 'EnterpriseAnnually',
      canSponsorFamilies: true,
      seats: 25,
      installationId: INSTALLATION,
      selfHost: true,
      enabled: true,
      billingEmail: 'billing@example.test',
      features: { useAdminSponsoredFamilies: true },
    });
    expect(result.license?.issued.startsWith('2026-03-10T09:30:15')).toBe(true);
    expect(result.certificate).toEqual({
      thumbprintSha1: key.thumbprintSha1,
      isBitwardenProduction: false,
      subject: expect.stringContaining('CN=Test Licensing'),
    });
  });

  it('accepts the certificate as PEM as well as DER', () => {
    const result = inspect(issue().json, { certificate: encode(key.certificatePem) });
    expect(result.checks.token).toBe('valid');
    expect(result.certificate?.thumbprintSha1).toBe(key.thumbprintSha1);
  });

  it('reads keys case-insensitively, allows a UTF-8 BOM and trailing whitespace', () => {
    const { object } = issue();
    const shouting = Object.fromEntries(Object.entries(object).map(([k, v]) => [k.toUpperCase(), v]));
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encode(`${JSON.stringify(shouting)}\r\n \t\n`)]);
    const result = inspectLicense(bytes, { installationId: INSTALLATION, certificate: key.certificateDer, now: AFTER_ISSUE });
    expect(result.problems).toEqual([]);
    expect(result.checks.hash).toBe('match');
  });

  it('every Enterprise plan type can sponsor; others cannot', () => {
    for (let planType = 0; planType <= 22; planType += 1) {
      const result = inspect(issue({ planType }).json);
      expect({ planType, cannot: problemCodes(result).includes('cannot-sponsor') }).toEqual({
        planType,
        cannot: !SPONSOR_CAPABLE_PLAN_TYPES.includes(planType),
      });
    }
  });
});

describe('one test per problem code', () => {
  it('not-json: text, a JSON list, invalid UTF-8, an empty file, a cut-off file', () => {
    for (const bytes of [encode('hello'), encode('[1,2]'), new Uint8Array([0x7b, 0xff, 0x7d]), new Uint8Array(), encode('{"version": 15')]) {
      const result = inspectLicense(bytes);
      expect(problemCodes(result)).toEqual(['not-json']);
      expect(result.license).toBeNull();
      expect(result.usable).toBe(false);
    }
  });

  it('trailing-data: bytes after the closing brace (the "Cannot verify license file." cause)', () => {
    const result = inspect(`${issue().json}\n}\n`);
    expect(problemCodes(result)).toEqual(['trailing-data']);
    expect(result.problems[0]?.message).toMatch(/Cannot verify license file/);
    expect(result.license?.organizationName).toBe('Test Enterprise Org');
  });

  it('too-large: over the upload limit minus the multipart envelope; exactly at the limit is fine', () => {
    const json = issue().json;
    const atLimit = json + ' '.repeat(LICENSE_UPLOAD_MAX_BYTES - encode(json).length);
    expect(encode(atLimit).length).toBe(LICENSE_UPLOAD_MAX_BYTES);
    expect(inspect(atLimit).problems).toEqual([]);
    expect(problemCodes(inspect(`${atLimit} `))).toEqual(['too-large']);
  });

  it('missing-field: a required property is absent', () => {
    const { object } = issue({ withToken: false });
    const result = inspect(edited(object, (o) => delete o.licenseKey));
    expect(problemCodes(result)).toContain('missing-field');
    expect(result.problems.find((p) => p.code === 'missing-field')?.message).toMatch(/LicenseKey/);
  });

  it('invalid-field: a property of the wrong type, which the server cannot deserialize', () => {
    const { object } = issue();
    const result = inspect(edited(object, (o) => (o.seats = 'ten')));
    expect(problemCodes(result)).toContain('invalid-field');
  });

  it('unsupported-version: version outside 1–16', () => {
    const { object } = issue({ withToken: false });
    const result = inspect(edited(object, (o) => (o.version = 17)));
    expect(problemCodes(result)).toContain('unsupported-version');
    expect(result.checks.hash).toBe('not-checked');
  });

  it('hash-mismatch is a problem for a token-less file (and its signature fails)', () => {
    const { object } = issue({ withToken: false });
    const result = inspect(edited(object, (o) => (o.seats = 500)));
    expect(problemCodes(result)).toEqual(['hash-mismatch', 'signature-invalid']);
    expect(result.checks).toMatchObject({ hash: 'mismatch', signature: 'invalid' });
  });

  it('token-invalid: unreadable token, or signed by another key than the certificate', () => {
    const { object } = issue();
    const garbage = inspect(edited(object, (o) => (o.token = 'not-a-jwt')));
    expect(problemCodes(garbage)).toEqual(['token-invalid']);
    expect(garbage.checks.token).toBe('invalid');

    const foreign = inspect(issue({ key: otherKey }).json);
    expect(problemCodes(foreign)).toEqual(['token-invalid']);
    expect(foreign.checks.token).toBe('invalid');
  });

  it('token-invalid: wrong issuer or audience is caught before any signature check', () => {
    const license = issue();
    const [h, p, s] = (license.token ?? '').split('.');
    const payload = JSON.parse(Buffer.from(p ?? '', 'base64url').toString('utf8'));
    payload.iss = 'someone';
    const token = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    const result = inspect(edited(license.object, (o) => (o.token = token)));
    expect(problemCodes(result)).toEqual(['token-invalid']);
    expect(result.problems[0]?.message).toMatch(/issuer is "someone"/);
  });

  it('token-mismatch: the JSON fields disagree with the token claims', () => {
    const result = inspect(issue({ claims: { Seats: '999' } }).json);
    expect(problemCodes(result)).toEqual(['token-mismatch']);
    expect(result.license?.seats).toBe(999); // the server uses the token's values
  });

  it('signature-invalid: a token-less file signed by another key', () => {
    const result = inspect(issue({ key: otherKey, withToken: false }).json);
    expect(problemCodes(result)).toEqual(['signature-invalid']);
    expect(result.checks.signature).toBe('invalid');
  });

  it('installation-mismatch: the license is for another installation', () => {
    const result = inspect(issue().json, { installationId: '00000000-1111-2222-3333-444444444444' });
    expect(problemCodes(result)).toEqual(['installation-mismatch']);
  });

  it('not-self-host', () => {
    expect(problemCodes(inspect(issue({ fields: { SelfHost: false } }).json))).toEqual(['not-self-host']);
  });

  it('disabled', () => {
    expect(problemCodes(inspect(issue({ fields: { Enabled: false } }).json))).toEqual(['disabled']);
  });

  it('not-organization: LicenseType User, or a personal Premium license file', () => {
    expect(problemCodes(inspect(issue({ fields: { LicenseType: 0 } }).json))).toEqual(['not-organization']);
    const personal = JSON.stringify({ licenseKey: 'k', id: INSTALLATION, name: 'me', email: 'me@example.test', premium: true, version: 1 });
    expect(problemCodes(inspect(personal))).toContain('not-organization');
  });

  it('not-yet-valid: issued in the future, no skew allowed (far future: no clock hint)', () => {
    const result = inspect(issue().json, { now: new Date(ISSUED.getTime() - 3 * DAY) });
    expect(problemCodes(result)).toEqual(['not-yet-valid']);
    expect(warningCodes(result)).not.toContain('clock-skew');
  });

  it('expired', () => {
    const result = inspect(issue({ withToken: false }).json, { now: new Date(ISSUED.getTime() + 426 * DAY) });
    expect(problemCodes(result)).toEqual(['expired']);
    const tokenExpired = inspect(issue().json, { now: new Date(ISSUED.getTime() + 366 * DAY) });
    expect(problemCodes(tokenExpired)).toEqual(['expired']);
  });

  it('cannot-sponsor: Teams, Families and Custom plans', () => {
    for (const planType of [6, 17, 22]) {
      expect(problemCodes(inspect(issue({ planType }).json))).toEqual(['cannot-sponsor']);
    }
  });
});

describe('one test per warning code', () => {
  it('hash-mismatch is only a warning when a token is present', () => {
    const { object } = issue();
    const result = inspect(edited(object, (o) => (o.hash = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')));
    expect(result.usable).toBe(true);
    expect(warningCodes(result)).toEqual(['hash-mismatch']);
  });

  it('not-verified: only a file with neither token nor signature, which nothing can prove genuine', () => {
    const { object } = issue({ withToken: false });
    const result = inspect(edited(object, (o) => (o.signature = '')));
    expect(result.usable).toBe(true);
    expect(warningCodes(result)).toEqual(['not-verified']);
    expect(result.checks).toEqual({ hash: 'match', token: 'absent', signature: 'absent' });
    // A verifiable file never gets the warning.
    expect(warningCodes(inspect(issue().json))).toEqual([]);
    expect(warningCodes(inspect(issue({ withToken: false }).json))).toEqual([]);
  });

  it('not-verified: an unreadable certificate is said so', () => {
    const result = inspect(issue().json, { certificate: encode('not a certificate') });
    expect(warningCodes(result)).toEqual(['not-verified']);
    expect(result.warnings[0]?.message).toMatch(/could not be used/);
    expect(result.checks.token).toBe('not-checked');
  });

  it('clock-skew: issued minutes in the future, or a known clock offset over 5 minutes', () => {
    const soon = inspect(issue().json, { now: new Date(ISSUED.getTime() - 10 * 60_000) });
    expect(problemCodes(soon)).toEqual(['not-yet-valid']);
    expect(warningCodes(soon)).toEqual(['clock-skew']);

    expect(warningCodes(inspect(issue().json, { clockOffsetMs: -6 * 60_000 }))).toEqual(['clock-skew']);
    expect(warningCodes(inspect(issue().json, { clockOffsetMs: 4 * 60_000 }))).toEqual([]);
  });

  it('expires-soon: within 30 days', () => {
    const result = inspect(issue().json, { now: new Date(ISSUED.getTime() + 350 * DAY) });
    expect(result.usable).toBe(true);
    expect(warningCodes(result)).toContain('expires-soon');
  });

  it('grace-period: past the subscription end but before Expires', () => {
    const result = inspect(issue({ tokenExpires: new Date(ISSUED.getTime() + 500 * DAY) }).json, {
      now: new Date(ISSUED.getTime() + 370 * DAY),
    });
    expect(result.usable).toBe(true);
    expect(warningCodes(result)).toEqual(['grace-period']);
  });
});

describe('real cloud licenses: constructor fields in the JSON, the claims factory in the token', () => {
  const ALL_TOKEN_ONLY_ON = {
    UseAutomaticUserConfirmation: true,
    UseDisableSmAdsForUsers: true,
    UsePhishingBlocker: true,
    UseMyItems: true,
    UseInviteLinks: true,
    UsePam: true,
  } as const;

  it('the six token-only features on in the token (false in the file) inspect clean and are shown from the token', () => {
    const license = issue({ tokenOnly: ALL_TOKEN_ONLY_ON });
    expect(license.object).toMatchObject({ useMyItems: false, usePam: false, useInviteLinks: false, usePhishingBlocker: false });
    const result = inspect(license.json);
    expect({ problems: result.problems, warnings: result.warnings, usable: result.usable }).toEqual({ problems: [], warnings: [], usable: true });
    expect(result.checks).toEqual({ hash: 'match', token: 'valid', signature: 'not-checked' });
    expect(result.license?.features).toMatchObject({
      useAutomaticUserConfirmation: true,
      useDisableSmAdsForUsers: true,
      usePhishingBlocker: true,
      useMyItems: true,
      useInviteLinks: true,
      usePam: true,
    });
  });

  it('each token-only feature alone is no problem either', () => {
    for (const name of Object.keys(ALL_TOKEN_ONLY_ON) as Array<keyof typeof ALL_TOKEN_ONLY_ON>) {
      const result = inspect(issue({ tokenOnly: { [name]: true } }).json);
      expect({ name, problems: problemCodes(result) }).toEqual({ name, problems: [] });
    }
  });

  it('claims left out because their value is null are normal', () => {
    const license = issue({
      fields: { Name: null, BillingEmail: null, Plan: null, BusinessName: null, Seats: null, MaxCollections: null, MaxStorageGb: null, SmSeats: null, SmServiceAccounts: null },
      expirationWithoutGracePeriod: null,
    });
    const payload = JSON.parse(Buffer.from((license.token ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const name of ['Name', 'BillingEmail', 'Plan', 'BusinessName', 'Seats', 'MaxCollections', 'MaxStorageGb', 'SmSeats', 'SmServiceAccounts', 'ExpirationWithoutGracePeriod']) {
      expect(payload).not.toHaveProperty(name);
    }
    const result = inspect(license.json);
    expect({ problems: result.problems, warnings: result.warnings }).toEqual({ problems: [], warnings: [] });
    expect(result.checks.token).toBe('valid');
    expect(result.license).toMatchObject({ seats: null, organizationName: null, expirationWithoutGracePeriod: null });
  });

  it('a file value where the token has no claim (null) is an edit: the server applies null', () => {
    const license = issue({ fields: { Seats: null } });
    const result = inspect(edited(license.object, (o) => (o.seats = 500)));
    expect(problemCodes(result)).toEqual(['token-mismatch']);
    expect(result.license?.seats).toBeNull();
  });

  it('a claim the server cannot parse is a warning saying it will use the default, not a rejection', () => {
    const result = inspect(issue({ claims: { UseSso: 'maybe', Seats: 'many' } }).json);
    expect(result.usable).toBe(true);
    expect(problemCodes(result)).toEqual([]);
    expect(warningCodes(result)).toEqual(['claim-unreadable']);
    expect(result.warnings[0]?.message).toMatch(/Seats, UseSso/);
    expect(result.warnings[0]?.message).toMatch(/will use the default/);
    expect(result.checks.token).toBe('valid');
    // As the server will apply them: the type's default.
    expect(result.license).toMatchObject({ seats: null, features: { useSso: false } });
  });

  it("a real token-mismatch says the server applies the token's values and ignores the edits", () => {
    const { object } = issue();
    const result = inspect(edited(object, (o) => (o.seats = 500)));
    expect(problemCodes(result)).toEqual(['token-mismatch']);
    const message = result.problems[0]?.message ?? '';
    expect(message).toMatch(/applies the token's values/);
    expect(message).toMatch(/ignored/);
    expect(message).not.toMatch(/would store the edited values/);
    expect(result.license?.seats).toBe(25);
  });
});

describe("Bitwarden's licensing certificate, built in", () => {
  it('is used when no certificate is given: a test-key license is token-invalid / signature-invalid', () => {
    const withToken = inspect(issue().json, { certificate: undefined });
    expect(problemCodes(withToken)).toEqual(['token-invalid']);
    expect(withToken.checks.token).toBe('invalid');
    expect(withToken.problems[0]?.message).toMatch(/Bitwarden's licensing certificate \(B34876439FCDA2846505B2EFBBA6C4A951313EBE\)/);
    expect(withToken.certificate).toMatchObject({ thumbprintSha1: 'B34876439FCDA2846505B2EFBBA6C4A951313EBE', isBitwardenProduction: true });

    const tokenLess = inspect(issue({ withToken: false }).json, { certificate: undefined });
    expect(problemCodes(tokenLess)).toEqual(['signature-invalid']);
    expect(tokenLess.checks.signature).toBe('invalid');
    expect(warningCodes(tokenLess)).not.toContain('not-verified');
  });
});

describe('codes and text report', () => {
  it('only ever reports documented codes', () => {
    const results = [inspect(issue().json, { certificate: undefined }), inspect(issue({ claims: { UseSso: 'maybe' } }).json), inspect('{}'), inspect('x')];
    for (const r of results) {
      for (const p of r.problems) expect(LICENSE_PROBLEM_CODES).toContain(p.code);
      for (const w of r.warnings) expect(LICENSE_WARNING_CODES).toContain(w.code);
    }
  });

  it('formatInspectionText shows the verdict, organization, checks, certificate and findings', () => {
    const text = formatInspectionText(inspect(issue({ planType: 17 }).json));
    expect(text).toMatch(/^License: NOT usable \(1 problem\)/);
    expect(text).toContain('Test Enterprise Org');
    expect(text).toContain('hash match, token valid');
    expect(text).toContain(key.thumbprintSha1);
    expect(text).toContain('[cannot-sponsor]');
    expect(formatInspectionText(inspectLicense(encode('nope')))).toContain('[not-json]');
  });

  it("licenseAuthenticity: one sentence for the report and the License screen", () => {
    const bitwardenCertificate = { thumbprintSha1: 'B34876439FCDA2846505B2EFBBA6C4A951313EBE', isBitwardenProduction: true, subject: 'CN=bitwarden License' };
    // A verified file as the bundled certificate reports it (a real Bitwarden license cannot be made here).
    expect(licenseAuthenticity({ checks: { hash: 'match', token: 'valid', signature: 'not-checked' }, certificate: bitwardenCertificate })).toEqual({
      verified: true,
      byBitwarden: true,
      text: "verified with Bitwarden's licensing certificate (thumbprint B34876439FCDA2846505B2EFBBA6C4A951313EBE).",
    });
    const substitute = licenseAuthenticity(inspect(issue().json));
    expect(substitute).toMatchObject({ verified: true, byBitwarden: false });
    expect(substitute.text).toContain(`${key.thumbprintSha1} (CN=Test Licensing`);
    expect(substitute.text).toContain("NOT Bitwarden's");
    const forged = licenseAuthenticity(inspect(issue().json, { certificate: undefined }));
    expect(forged).toEqual({ verified: false, byBitwarden: false, text: "NOT genuine: the token does not verify with Bitwarden's licensing certificate (thumbprint B34876439FCDA2846505B2EFBBA6C4A951313EBE)." });
    const bare = licenseAuthenticity(inspect(edited(issue({ withToken: false }).object, (o) => (o.signature = ''))));
    expect(bare.text).toMatch(/^not verified: the file carries neither a token nor a signature/);
    expect(formatInspectionText(inspect(issue().json, { certificate: undefined }))).toContain('Authenticity:        NOT genuine: the token');
  });
});

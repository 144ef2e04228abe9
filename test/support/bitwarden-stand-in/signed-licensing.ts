import { inspectLicense } from '../../../main/core/license';
import { issueTestLicense, type TestLicensingKey } from '../license-factory';
import { checkLicenseFields, type LicenseVerifier } from './license-check';
import type { StandInOptions } from './server';

/**
 * Real-format licensing for the stand-in: the cloud issues files signed by a test licensing key
 * (test/support/license-factory) and the self-hosted side checks them with inspectLicense against that
 * key's certificate, as the server checks with its embedded licensing certificate (`LicensingService.cs`, `UpdateOrganizationLicenseCommand.cs`).
 *
 *   const key = await createTestLicensingKey();
 *   const standIn = await startBitwardenStandIn({ ...signedLicensing(key) });
 */
export function signedLicensing(key: TestLicensingKey): Pick<StandInOptions, 'issueLicense' | 'verifyLicense'> {
  const verifyLicense: LicenseVerifier = (fields, context) => {
    // CanUse conditions first, in the server's words.
    const basic = checkLicenseFields(fields, context);
    if (!basic.ok) return basic;
    const inspection = inspectLicense(new TextEncoder().encode(JSON.stringify(fields)), {
      installationId: context.installationId,
      certificate: key.certificateDer,
      now: context.now,
    });
    // `LicensingService.cs`: with a token only the JWT counts; without one the RSA signature does.
    const authentic = inspection.checks.token === 'absent' ? inspection.checks.signature === 'valid' : inspection.checks.token === 'valid';
    return authentic ? { ok: true } : { ok: false, reasons: ['The license verification failed.'] };
  };
  return {
    verifyLicense,
    issueLicense: (input) =>
      issueTestLicense({
        key,
        installationId: input.installationId,
        cloudOrgId: input.cloudOrgId,
        planType: input.planType,
        issued: new Date(input.now.getTime() - 60_000),
        fields: { LicenseKey: input.licenseKey, Name: input.name, Seats: input.seats },
      }).object,
  };
}

import { describe, expect, it } from 'vitest';
import {
  LICENSE_UPLOAD_MAX_BYTES,
  SERVER_UPLOAD_REQUEST_LIMIT_BYTES,
  multipartEnvelopeBytes,
  webVaultLicenseFileName,
} from '../../../main/core/license';

describe('upload size limit', () => {
  it('is the server limit minus the envelope for the longest RFC 2046 boundary', () => {
    expect(SERVER_UPLOAD_REQUEST_LIMIT_BYTES).toBe(51_200);
    expect(multipartEnvelopeBytes()).toBe(282);
    expect(LICENSE_UPLOAD_MAX_BYTES).toBe(51_200 - 282);
    expect(webVaultLicenseFileName).toBe('bitwarden_organization_license.json');
  });

  it('covers the envelope a real FormData upload adds (Node fetch)', async () => {
    const file = new Uint8Array(1000).fill(0x20);
    const form = new FormData();
    form.append('license', new Blob([file], { type: 'application/json' }), webVaultLicenseFileName);
    const body = new Uint8Array(await new Request('http://127.0.0.1/', { method: 'POST', body: form }).arrayBuffer());
    const envelope = body.length - file.length;
    expect(envelope).toBeGreaterThan(100);
    expect(envelope).toBeLessThanOrEqual(multipartEnvelopeBytes());
  });
});

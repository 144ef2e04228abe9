import { describe, expect, it } from 'vitest';
import {
  adminPortalInstructions,
  checkPastedToken,
  formatSetupReportText,
  likelyCauses,
  maskToken,
  parseServerDate,
  redactLogLine,
  redactReport,
  type SetupReport,
} from '../../../main/core/billing-sync';
import { CoreError } from '../../../main/core/shared';

describe('billing sync pure helpers', () => {
  it('lists "no sponsorship requested yet" first only while the server never synced', () => {
    expect(likelyCauses({ neverSynced: true }).map((c) => c.code)).toEqual([
      'no-sponsorship-yet',
      'cloud-communication-not-active',
      'firewall-or-proxy',
      'region-mismatch',
      'wrong-or-rotated-token',
      'identity-back-off',
    ]);
    const after = likelyCauses({ neverSynced: false });
    expect(after[0]?.code).toBe('cloud-communication-not-active');
    expect(after.at(-1)?.code).toBe('no-sponsorship-yet');
  });

  it('reads server dates without a zone as UTC', () => {
    expect(parseServerDate('2026-08-20T10:00:00')).toBe(Date.UTC(2026, 7, 20, 10));
    expect(parseServerDate('2026-08-20T10:00:00+02:00')).toBe(Date.UTC(2026, 7, 20, 8));
    expect(parseServerDate('2026-08-20T10:00:00.123Z')).toBe(Date.UTC(2026, 7, 20, 10, 0, 0, 123));
  });

  it('masks all but the last four characters of a 30-character token', () => {
    const masked = maskToken('AbCdEfGhIjKlMnOpQrStUvWxYz0123');
    expect(masked.endsWith('0123')).toBe(true);
    expect(masked).not.toContain('AbCd');
    expect(maskToken('short')).not.toContain('short');
  });

  it('checks a pasted token without over-validating', () => {
    expect(checkPastedToken(' AbCdEfGhIjKlMnOpQrStUvWxYz0123\r\n')).toEqual({ token: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123', warnings: [] });
    expect(checkPastedToken('a-token-of-another-shape').warnings).toHaveLength(1);
    for (const bad of ['', 'two words', 'x'.repeat(201), 'tab\there']) expect(() => checkPastedToken(bad)).toThrow(CoreError);
  });

  it('points at the organization in the System Administrator Portal and explains an empty admin list', () => {
    const guide = adminPortalInstructions({ vaultUrl: 'https://vault.example.test/', selfHostedOrgId: 'abc', adminEmails: [] });
    expect(guide.portalUrl).toBe('https://vault.example.test/admin');
    expect(guide.organizationUrl).toBe('https://vault.example.test/admin/Organizations/View/abc');
    expect(guide.adminEmailsNote).toMatch(/adminSettings__admins is empty/);
    expect(adminPortalInstructions({ vaultUrl: null, selfHostedOrgId: null, adminEmails: ['a@x.test'] }).adminEmailsNote).toContain('a@x.test');
  });

  it('masks bearer tokens and keys in log lines', () => {
    const line = redactLogLine('Authorization: Bearer eyJ.abc.def client_secret=SECRET123 "billingSyncKey":"KEY456"');
    expect(line).not.toMatch(/eyJ|SECRET123|KEY456/);
    expect(line).toContain('[redacted]');
  });

  it('redacts any known secret anywhere in a report', () => {
    const report: SetupReport = {
      kind: 'sponsorship-setup-report',
      generatedAt: '2026-08-20T10:00:00.000Z',
      finished: false,
      steps: [{ id: 'connect', title: 'Connect', state: 'done', evidence: [{ label: 'note', value: 'contains TOPSECRET99 here' }] }],
      notes: ['TOPSECRET99'],
      redacted: true,
    };
    const text = formatSetupReportText(redactReport(report, ['TOPSECRET99']));
    expect(text).not.toContain('TOPSECRET99');
    expect(text).toContain('[redacted]');
  });
});

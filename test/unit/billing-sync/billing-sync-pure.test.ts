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
import { CoreError, evidenceLabel } from '../../../main/core/shared';

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

  it('shows recorded evidence keys under human labels in the text; the JSON keeps the keys', () => {
    const report: SetupReport = {
      kind: 'sponsorship-setup-report',
      generatedAt: '2026-08-20T10:00:00.000Z',
      finished: false,
      steps: [
        { id: 'firewall', title: 'Firewall check', state: 'done', evidence: [{ label: 'verdict', value: 'ok' }] },
        {
          id: 'license',
          title: 'License',
          state: 'done',
          evidence: [
            { label: 'inspection', value: 'ok' },
            { label: 'uploadedAt', value: '2026-08-20T09:00:00.000Z' },
            { label: 'confirmedOnServer', value: 'yes' },
            { label: 'expires', value: '2027-08-20' },
            { label: 'License file on the server', value: 'x.json' },
          ],
        },
      ],
      notes: [],
      redacted: true,
    };
    const json = JSON.stringify(report);
    const text = formatSetupReportText(report);
    expect(text).toContain('  Firewall verdict: ok\n');
    expect(text).toContain('  License file check: ok\n');
    expect(text).toContain('  Uploaded at: 2026-08-20T09:00:00.000Z\n');
    expect(text).toContain('  Confirmed on the server: yes\n');
    expect(text).toContain('  License expires: 2027-08-20\n');
    expect(text).toContain('  License file on the server: x.json\n');
    expect(text).not.toMatch(/uploadedAt|confirmedOnServer|^ {2}(verdict|inspection|expires):/m);
    expect(JSON.stringify(report)).toBe(json);
    expect(report.steps[1]?.evidence.map((item) => item.label)).toEqual(['inspection', 'uploadedAt', 'confirmedOnServer', 'expires', 'License file on the server']);
  });

  it('spells out a recorded camelCase key that has no label yet, and leaves written labels alone', () => {
    expect(evidenceLabel('license', 'lastCheckedAt')).toBe('Last checked at');
    expect(evidenceLabel('firewall', 'verdict')).toBe('Firewall verdict');
    expect(evidenceLabel('connect', 'verdict')).toBe('verdict');
    expect(evidenceLabel('cloud-communication', 'globalSettings__enableCloudCommunication (read back)')).toBe('globalSettings__enableCloudCommunication (read back)');
  });
});

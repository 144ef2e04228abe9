import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LICENSE_PROBLEM_CODES,
  LICENSE_WARNING_CODES,
  formatInspectionText,
  inspectLicense,
  parseLicense,
  type LicenseInspection,
} from '../../../main/core/license';
import { createTestLicensingKey, issueTestLicense, type TestLicensingKey } from '../../support/license-factory';

const INSTALLATION = '6285f891-b2ec-4047-84c5-2eb7f7747e74';
let key: TestLicensingKey;
let validObjects: Record<string, unknown>[];

beforeAll(async () => {
  key = await createTestLicensingKey();
  validObjects = [
    issueTestLicense({ key, installationId: INSTALLATION }).object,
    issueTestLicense({ key, installationId: INSTALLATION, withToken: false, casing: 'pascal', version: 12 }).object,
  ];
});

/** Well-formed result, and the catch-all in inspectLicense (which hides bugs) was not needed. */
function expectWellFormed(result: LicenseInspection): void {
  expect(typeof result.usable).toBe('boolean');
  expect(result.usable).toBe(result.problems.length === 0);
  for (const p of result.problems) expect(LICENSE_PROBLEM_CODES).toContain(p.code);
  for (const w of result.warnings) expect(LICENSE_WARNING_CODES).toContain(w.code);
  expect(result.problems.map((p) => p.message).join('\n')).not.toMatch(/could not be read as a license/);
  expect(typeof formatInspectionText(result)).toBe('string');
  expect(() => JSON.stringify(result)).not.toThrow(); // must cross IPC and --json
}

const options = () => ({ installationId: INSTALLATION, certificate: key.certificateDer, now: new Date() });

describe('inspection never throws (fast-check)', () => {
  it('arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        expect(() => parseLicense(bytes)).not.toThrow();
        expectWellFormed(inspectLicense(bytes, options()));
      }),
      { numRuns: 200 },
    );
  });

  it('arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => {
        expectWellFormed(inspectLicense(new TextEncoder().encode(text), options()));
      }),
      { numRuns: 200 },
    );
  });

  it('objects with license keys holding arbitrary values', () => {
    const keys = ['licenseKey', 'installationId', 'id', 'version', 'issued', 'expires', 'planType', 'seats', 'token', 'hash', 'signature', 'licenseType', 'enabled', 'Expires'];
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 })), (object) => {
        expectWellFormed(inspectLicense(new TextEncoder().encode(JSON.stringify(object)), options()));
      }),
      { numRuns: 200 },
    );
  });

  it('mutated valid licenses: replaced, deleted and re-cased fields, truncation, flipped and inserted bytes', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('replace' as const), index: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
      fc.record({ kind: fc.constant('delete' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('recase' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('truncate' as const), index: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), index: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('insert' as const), index: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    );
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        const object = structuredClone(validObjects[which % validObjects.length] ?? {});
        let bytes: Uint8Array | null = null;
        for (const m of mutations) {
          const keys = Object.keys(object);
          const k = keys[m.index % Math.max(keys.length, 1)];
          if (m.kind === 'replace' && k) object[k] = m.value;
          else if (m.kind === 'delete' && k) delete object[k];
          else if (m.kind === 'recase' && k) {
            const value = object[k];
            delete object[k];
            object[k.toUpperCase()] = value;
          } else {
            bytes ??= new TextEncoder().encode(JSON.stringify(object, null, 2));
            const at: number = m.index % (bytes.length + 1);
            if (m.kind === 'truncate') bytes = bytes.slice(0, at);
            else if (m.kind === 'flip' && bytes.length > 0) bytes[at % bytes.length] = m.byte;
            else if (m.kind === 'insert') bytes = new Uint8Array([...bytes.slice(0, at), ...m.bytes, ...bytes.slice(at)]);
          }
        }
        bytes ??= new TextEncoder().encode(JSON.stringify(object, null, 2));
        expectWellFormed(inspectLicense(bytes, options()));
      }),
      { numRuns: 200 },
    );
  });

  it('odd options do not throw either', () => {
    const json = new TextEncoder().encode(JSON.stringify(validObjects[0]));
    expectWellFormed(inspectLicense(json, { now: new Date(Number.NaN), clockOffsetMs: Number.NaN, installationId: '' }));
    expectWellFormed(inspectLicense(json, { certificate: new Uint8Array([1, 2, 3]) }));
    expectWellFormed(inspectLicense(undefined as unknown as Uint8Array));
  });
});

import { describe, expect, it } from 'vitest';
import { loading, readyValue, settled } from '../../../renderer/src/state/async-state';

describe('AsyncState helpers', () => {
  it('turns an IPC answer into ready or failed, keeping what was asked', () => {
    const ok = settled({ ok: true, value: 42 }, '/opt/bitwarden');
    expect(ok).toEqual({ kind: 'ready', input: '/opt/bitwarden', value: 42 });
    expect(readyValue(ok)).toBe(42);
    const error = { kind: 'problem', code: 'not-an-install', message: 'no' } as const;
    const failed = settled<number, string>({ ok: false, error }, '/tmp');
    expect(failed).toEqual({ kind: 'failed', input: '/tmp', error });
    expect(readyValue(failed)).toBeUndefined();
    expect(loading('x')).toEqual({ kind: 'loading', input: 'x' });
  });
});

import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { enableCompileCache } from '../../../main/cli/compile-cache';

describe('enableCompileCache', () => {
  it("puts Node's compile cache in the user's own cache folder", () => {
    const enable = vi.fn();
    enableCompileCache({ XDG_CACHE_HOME: '/home/admin/.cache-here' }, enable);
    const expected = process.platform === 'win32' ? expect.stringContaining(path.join('sponsorship-setup', 'compile-cache')) : '/home/admin/.cache-here/sponsorship-setup/compile-cache';
    expect(enable).toHaveBeenCalledWith(expected);
  });

  it('falls back to ~/.cache, lets NODE_COMPILE_CACHE win and NODE_DISABLE_COMPILE_CACHE turn it off', () => {
    const enable = vi.fn();
    enableCompileCache({}, enable);
    if (process.platform !== 'win32') expect(enable).toHaveBeenLastCalledWith(path.join(os.homedir(), '.cache', 'sponsorship-setup', 'compile-cache'));
    enableCompileCache({ NODE_COMPILE_CACHE: '/var/cache/mine' }, enable);
    expect(enable).toHaveBeenLastCalledWith('/var/cache/mine');
    enable.mockClear();
    enableCompileCache({ NODE_DISABLE_COMPILE_CACHE: '1' }, enable);
    expect(enable).not.toHaveBeenCalled();
  });

  it('does nothing on a Node without the cache, and a failing cache does not stop the start', () => {
    expect(() => enableCompileCache({}, undefined)).not.toThrow();
    expect(() =>
      enableCompileCache({}, () => {
        throw new Error('read-only file system');
      }),
    ).not.toThrow();
  });
});

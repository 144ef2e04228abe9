import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RENDERER_ENTRY_URL, rendererFileFor } from '../../../main/electron/app-protocol';

const ROOT = '/app/out/renderer';

describe('app:// protocol handler: request URL → file under the renderer folder', () => {
  it('serves the entry page and the bundle from the renderer folder', () => {
    expect(rendererFileFor(RENDERER_ENTRY_URL, ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(rendererFileFor('app://renderer/', ROOT)).toBe(path.join(ROOT, 'index.html'));
    expect(rendererFileFor('app://renderer/assets/index-DRsPVPIO.js', ROOT)).toBe(path.join(ROOT, 'assets/index-DRsPVPIO.js'));
    expect(rendererFileFor('app://renderer/assets/index.css?v=1#x', ROOT)).toBe(path.join(ROOT, 'assets/index.css'));
    // A space, encoded, is a plain character in a name.
    expect(rendererFileFor('app://renderer/assets/my%20file.png', ROOT)).toBe(path.join(ROOT, 'assets/my file.png'));
  });

  it('never leaves the renderer folder: dot segments, encoded or not', () => {
    // The URL parser folds `..` and `%2e%2e` segments before we see the path, so these can at most name
    // a file inside the folder; whatever comes out must stay inside.
    const folded = [
      'app://renderer/../main/index.js',
      'app://renderer/assets/../../main/index.js',
      'app://renderer/%2e%2e/main/index.js',
      'app://renderer/%2E%2E/%2E%2E/etc/passwd',
      'app://renderer/.%2e/main/index.js',
    ];
    for (const url of folded) {
      const file = rendererFileFor(url, ROOT);
      expect(file, url).not.toBeNull();
      expect(path.relative(ROOT, file!).startsWith('..'), `${url} → ${file}`).toBe(false);
    }
    // Encoded slashes and backslashes, double (and triple) encoding, NUL, broken escapes: refused outright.
    const refused = [
      'app://renderer/assets/%2e%2e%2f%2e%2e%2fmain%2findex.js',
      'app://renderer/%2e%2e%2fmain%2findex.js',
      'app://renderer/..%2fmain%2findex.js',
      'app://renderer/%2f..%2f..%2fetc%2fpasswd',
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer/..\\main\\index.js',
      'app://renderer/assets\\..\\..\\main\\index.js',
      'app://renderer/%5c..%5cmain%5cindex.js',
      'app://renderer/%252e%252e/main/index.js',
      'app://renderer/%252e%252e%252fmain%252findex.js',
      'app://renderer/%25252e%25252e/etc/passwd',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
    ];
    for (const url of refused) expect(rendererFileFor(url, ROOT), url).toBeNull();
  });

  it('refuses other schemes, hosts, ports and credentials', () => {
    for (const url of [
      'file:///app/out/renderer/index.html',
      'https://renderer/index.html',
      'app://evil/index.html',
      'app://renderer.evil/index.html',
      'app://renderer:1234/index.html',
      'app://user:pw@renderer/index.html',
      'not a url',
    ]) {
      expect(rendererFileFor(url, ROOT), url).toBeNull();
    }
  });
});

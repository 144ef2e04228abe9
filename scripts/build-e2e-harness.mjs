// Bundles the end-to-end harness: the real core + handler table (for Node) and the bridge (for the page).
import { build } from 'esbuild';

await build({
  entryPoints: { core: 'test/e2e/harness/core-entry.ts' },
  outdir: 'out/e2e',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  external: ['@github/keytar', 'electron'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
await build({
  entryPoints: { bridge: 'test/e2e/harness/bridge-entry.ts' },
  outdir: 'out/e2e',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  logLevel: 'warning',
});

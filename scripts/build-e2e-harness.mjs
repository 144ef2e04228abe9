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
  // ssh2's optional native parts stay out, as in the CLI (it falls back to pure JS); its asm.js part wants a CommonJS __dirname.
  external: ['@github/keytar', 'electron', 'cpu-features', '*.node'],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; const require = __createRequire(import.meta.url); const __dirname = __fileURLToPath(new URL('.', import.meta.url));",
  },
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

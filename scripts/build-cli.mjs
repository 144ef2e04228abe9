// Bundles the CLI into ESM chunks: the entry holds only the argument parser, and each command's
// capability loads on demand, so `--help` starts in about the time of a bare `node`.
import { build } from 'esbuild';
import { readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** 'ssh2' as the client parts only (see scripts/cli-ssh2.cjs). */
const ssh2ClientOnly = {
  name: 'ssh2-client-only',
  setup(build) {
    const shim = fileURLToPath(new URL('./cli-ssh2.cjs', import.meta.url));
    build.onResolve({ filter: /^ssh2$/ }, () => ({ path: shim }));
  },
};

/**
 * 'cpu-features' as absent: ssh2 loads that native addon only to order its default ciphers, and the
 * connection passes its own list (main/core/host/ssh/ssh-algorithms.ts), so loading it costs a start
 * for nothing. ssh2 requires it inside try/catch and carries on as when it is not installed.
 */
const noCpuFeatures = {
  name: 'no-cpu-features',
  setup(build) {
    build.onResolve({ filter: /^cpu-features$/ }, () => ({ path: 'cpu-features', namespace: 'absent' }));
    build.onLoad({ filter: /.*/, namespace: 'absent' }, () => ({ contents: "throw new Error('cpu-features is not part of the CLI');", loader: 'js' }));
  },
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync('out/cli', { recursive: true, force: true });
await build({
  entryPoints: { 'sponsorship-setup': 'main/cli/sponsorship-setup.ts' },
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  // Native module: loaded from node_modules at run time. electron must never be reachable from the CLI.
  // ssh2's optional native crypto binding is required inside try/catch: left out of the bundle, ssh2
  // uses its pure-JS code.
  external: ['@github/keytar', 'electron', '*.node'],
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
  plugins: [ssh2ClientOnly, noCpuFeatures],
  // CommonJS dependencies bundled into ESM still use require and __dirname (ssh2's emscripten poly1305).
  banner: {
    js:
      "import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; " +
      'const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __filename.replace(/[\\\\/][^\\\\/]*$/, "");',
  },
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
});
const entry = 'out/cli/sponsorship-setup.mjs';
writeFileSync(entry, `#!/usr/bin/env node\n${readFileSync(entry, 'utf8')}`);
chmodSync(entry, 0o755);

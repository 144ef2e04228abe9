// Benchmarks of the foundation, printed as ratios against a baseline run in the same process:
//   1. CLI `--help` wall time and peak memory against a bare `node -e 0` (budget: 2x wall, < 60 MiB);
//   2. the renderer's production JavaScript, gzipped (budget: 250 KB).
// Prints numbers only; it asserts nothing about time (machines differ), see test/bench/README.md.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const cli = path.join(root, 'out/cli/sponsorship-setup.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 15);

/** Wall ms and peak RSS (KiB) of one run, measured by GNU time when present. */
function measure(args) {
  const started = process.hrtime.bigint();
  const timeBinary = '/usr/bin/time';
  const hasTime = statSafe(timeBinary);
  const result = hasTime
    ? spawnSync(timeBinary, ['-f', '%M', process.execPath, ...args], { encoding: 'utf8' })
    : spawnSync(process.execPath, args, { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const peakKib = hasTime ? Number(result.stderr.trim().split('\n').pop()) : NaN;
  return { wallMs, peakKib };
}

function statSafe(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function series(args) {
  measure(args); // warm the file cache
  const samples = Array.from({ length: runs }, () => measure(args));
  return { wallMs: median(samples.map((s) => s.wallMs)), peakKib: Math.max(...samples.map((s) => s.peakKib)) };
}

const baseline = series(['-e', '0']);
const help = series([cli, '--help']);
const ratio = help.wallMs / baseline.wallMs;
console.log(`[bench] node -e 0          : ${baseline.wallMs.toFixed(1)} ms, peak ${(baseline.peakKib / 1024).toFixed(1)} MiB`);
console.log(`[bench] sponsorship-setup --help: ${help.wallMs.toFixed(1)} ms, peak ${(help.peakKib / 1024).toFixed(1)} MiB`);
console.log(`[bench] --help / node -e 0  : ${ratio.toFixed(2)}x wall (budget 2.00x), peak memory ${(help.peakKib / 1024).toFixed(1)} MiB (budget 60 MiB)`);

const assetsDir = path.join(root, 'out/renderer/assets');
let raw = 0;
let gzipped = 0;
for (const name of readdirSync(assetsDir).filter((file) => file.endsWith('.js'))) {
  const bytes = readFileSync(path.join(assetsDir, name));
  raw += bytes.length;
  gzipped += gzipSync(bytes, { level: 9 }).length;
}
console.log(`[bench] renderer JS: ${(raw / 1024).toFixed(1)} KB raw, ${(gzipped / 1024).toFixed(1)} KB gzipped (budget 250 KB, ${((gzipped / 1024 / 250) * 100).toFixed(0)}% used)`);

// `npm run bench`: every benchmark under test/bench, one after another.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const benchDir = path.join(root, 'test/bench');
let failed = false;
for (const name of fs.readdirSync(benchDir).sort()) {
  let result;
  if (name.endsWith('.bench.mjs')) result = spawnSync(process.execPath, [path.join(benchDir, name)], { stdio: 'inherit', cwd: root });
  else if (name.endsWith('.bench.ts'))
    result = spawnSync('npx', ['vitest', 'run', '--config', 'test/bench/vitest.bench.config.mts', path.join('test/bench', name)], { stdio: 'inherit', cwd: root });
  else continue;
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);

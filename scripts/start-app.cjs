// `npm start`: launches the desktop app, or explains in one paragraph why it cannot and points at the CLI.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { findElectronBinary, MISSING_ELECTRON_MESSAGE } = require('./electron-binary.cjs');

const root = path.join(__dirname, '..');
const binary = findElectronBinary(root);
if (!binary.found) {
  process.stderr.write(`${MISSING_ELECTRON_MESSAGE(binary.looked)}\n`);
  process.exit(3);
}
if (!fs.existsSync(path.join(root, 'out/main/index.js')) || process.argv.includes('--rebuild')) {
  const built = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const child = spawn(binary.path, [root], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

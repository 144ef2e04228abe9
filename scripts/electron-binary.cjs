// Finds the Electron binary WITHOUT requiring the `electron` package: since Electron 42 that first
// require starts a download, which hangs or fails on machines without internet access.
const fs = require('node:fs');
const path = require('node:path');

function executableName() {
  switch (process.platform) {
    case 'win32':
      return 'electron.exe';
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    default:
      return 'electron';
  }
}

/** @returns {{ found: true, path: string } | { found: false, looked: string }} */
function findElectronBinary(root = path.join(__dirname, '..')) {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const name = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : executableName();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override ? path.join(override, name) : path.join(packageDir, 'dist', name);
  return fs.existsSync(candidate) ? { found: true, path: candidate } : { found: false, looked: candidate };
}

const MISSING_ELECTRON_MESSAGE = (looked) =>
  [
    `Sponsorship Setup cannot start its window: the Electron binary is not on this machine (looked for ${looked}).`,
    'Electron downloads its binary from GitHub the first time it is used, and this machine cannot reach it.',
    'On a connected machine, run `npx install-electron` (or `node node_modules/electron/install.js`) in this folder;',
    'behind a mirror set ELECTRON_MIRROR (e.g. an internal Artifactory) first; or unpack an Electron 45 build anywhere',
    'and point ELECTRON_OVERRIDE_DIST_PATH at that folder. Everything the app does also works right now from the',
    'command line: `npm run cli -- --help` (for example `npm run cli -- status --bwdata /opt/bitwarden`).',
  ].join('\n');

module.exports = { findElectronBinary, MISSING_ELECTRON_MESSAGE };

import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = path.join(__dirname, '../../..');
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

describe('electron-builder.yml', () => {
  it('names the app and its installers for every platform', () => {
    expect(config.appId).toMatch(/^[a-z0-9.-]+$/);
    // The project's own namespace: Bitwarden does not publish this app.
    expect(config.appId).toBe('io.github.sponsorship-setup.app');
    expect(config.appId).not.toMatch(/bitwarden/i);
    expect(config.productName).toBe('Sponsorship Setup');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });

  it('keeps the keychain module outside asar so it can load', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/@github/keytar/**');
  });

  it('sets the Electron fuses that close the Node back doors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('never publishes or checks for updates (air-gap promise)', () => {
    expect(config.publish).toBeNull();
  });
});

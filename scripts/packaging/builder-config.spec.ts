import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';

const ROOT = resolve(__dirname, '..', '..');
const config = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * electron-builder.yml against electron-builder's own validation (its JSON schema, scheme.json in
 * app-builder-lib) and the decisions it must keep. Not proven here: that the installers build and
 * install (the workflow builds them on each system).
 */
describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation, which refuses a misspelt key', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, linux: { ...config.linux, tagret: ['deb'] } }, new DebugLogger(false)),
    ).rejects.toThrow(/does not match the API schema/);
  });

  it('builds AppImage, deb and rpm; NSIS; dmg and zip', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb', 'rpm']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
    expect(config.directories.buildResources).toBe('resources');
  });

  it('never deletes user data on uninstall', () => {
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('ships the templates and icons as extra resources and unpacks the native module', () => {
    expect(config.extraResources).toEqual([
      { from: 'compose-templates', to: 'compose-templates' },
      { from: 'resources/tray', to: 'tray' },
      { from: 'resources/icon.png', to: 'icon.png' },
    ]);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.npmRebuild).toBe(true);
    expect(config.afterPack).toBe('scripts/packaging/after-pack.cjs');
  });

  it('names icon files that exist, in the sizes each system wants', async () => {
    for (const file of [
      config.win.icon,
      config.mac.icon,
      'resources/icon.png',
      'resources/linux/ai.sutazai.ControlCenter.metainfo.xml',
    ])
      expect(existsSync(join(ROOT, file)), file).toBe(true);
    expect(readFileSync(join(ROOT, config.mac.icon)).subarray(0, 4).toString()).toBe('icns');
    expect([...readFileSync(join(ROOT, config.win.icon)).subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    for (const size of [16, 22, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      const meta = await sharp(join(ROOT, config.linux.icon, `${size}x${size}.png`)).metadata();
      expect([meta.width, meta.height, meta.format]).toEqual([size, size, 'png']);
    }
    for (const level of ['ok', 'warning', 'critical']) {
      expect((await sharp(join(ROOT, 'resources/tray', `tray-${level}.png`)).metadata()).width).toBe(16);
      expect((await sharp(join(ROOT, 'resources/tray', `tray-${level}@2x.png`)).metadata()).width).toBe(32);
    }
    expect((await sharp(join(ROOT, 'resources/tray/trayTemplate@2x.png')).metadata()).width).toBe(32);
  });
});

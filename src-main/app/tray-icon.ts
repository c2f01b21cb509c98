import { nativeImage, type NativeImage } from 'electron';
import { resourceFile } from './app-paths';

export type TrayLevel = 'ok' | 'warn' | 'critical';

const FILES: Record<TrayLevel, string> = { ok: 'tray-ok.png', warn: 'tray-warning.png', critical: 'tray-critical.png' };

/**
 * The tray image for a memory level, from resources/tray (generated from resources/tray.svg;
 * the @2x file is picked on high-density screens). On macOS the calm state is the template image
 * that the menu bar tints; the warning and critical states keep their colour there too.
 */
export function trayIcon(level: TrayLevel): NativeImage {
  const file = process.platform === 'darwin' && level === 'ok' ? 'trayTemplate.png' : FILES[level];
  return nativeImage.createFromPath(resourceFile('tray', file));
}

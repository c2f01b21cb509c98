import { app } from 'electron';
import { join } from 'node:path';
import { projectRoot } from '../core';

/**
 * Files the desktop app reads next to its code. Packaged, electron-builder puts them in the
 * app's resources folder (`extraResources`); from a checkout they are in the project.
 */
export function resourceFile(...parts: string[]): string {
  return app.isPackaged ? join(process.resourcesPath, ...parts) : join(projectRoot(), 'resources', ...parts);
}

/** The bundled compose templates: an extra resource when packaged, the project's folder otherwise. */
export function templatesDir(): string | undefined {
  return app.isPackaged ? join(process.resourcesPath, 'compose-templates') : undefined;
}

/** The window and notification icon (Linux and Windows; macOS takes the bundle's icon). */
export function appIconFile(): string {
  return resourceFile('icon.png');
}

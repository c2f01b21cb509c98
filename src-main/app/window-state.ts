import type { BrowserWindow, Rectangle } from 'electron';
import { screen } from 'electron';
import type { SettingsRepository } from '../store';

const KEY = 'window.main.bounds';

interface SavedState {
  bounds: Rectangle;
  maximized: boolean;
}

/** The last size and position, if it still fits on a connected display. */
export function restoreWindowState(settings: SettingsRepository): SavedState | undefined {
  const saved = settings.get<SavedState>(KEY);
  if (!saved?.bounds) return undefined;
  const visible = screen.getAllDisplays().some((d) => {
    const a = d.workArea;
    const b = saved.bounds;
    return b.x < a.x + a.width && b.x + b.width > a.x && b.y < a.y + a.height && b.y + b.height > a.y;
  });
  return visible ? saved : { bounds: { ...saved.bounds, x: 0, y: 0 }, maximized: saved.maximized };
}

/** Saves size and position when the window moves, resizes or closes (debounced). */
export function trackWindowState(win: BrowserWindow, settings: SettingsRepository): void {
  let timer: NodeJS.Timeout | undefined;
  const save = (): void => {
    if (win.isDestroyed() || win.isMinimized()) return;
    settings.set<SavedState>(KEY, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  };
  const later = (): void => {
    clearTimeout(timer);
    timer = setTimeout(save, 500);
  };
  win.on('resize', later);
  win.on('move', later);
  win.on('close', () => {
    clearTimeout(timer);
    save();
  });
}

import type { Theme } from '../../../src-shared/api';

const CACHE_KEY = 'sutazai.theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

export function resolveTheme(theme: Theme, systemPrefersDark: boolean): 'light' | 'dark' {
  if (theme === 'system') return systemPrefersDark ? 'dark' : 'light';
  return theme;
}

/** Sets the page's colours; the choice is cached so the next load paints in it before the core answers. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = resolveTheme(theme, window.matchMedia(DARK_QUERY).matches);
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // storage unavailable: the theme still applies for this page
  }
}

export function applyCachedTheme(): void {
  let cached: string | null = null;
  try {
    cached = localStorage.getItem(CACHE_KEY);
  } catch {
    // ignore
  }
  applyTheme(cached === 'light' || cached === 'dark' ? cached : 'system');
}

/** Calls back when the operating system switches between light and dark. */
export function onSystemThemeChange(listener: () => void): () => void {
  const mq = window.matchMedia(DARK_QUERY);
  mq.addEventListener('change', listener);
  return () => mq.removeEventListener('change', listener);
}

import { useEffect } from 'react';
import { useSettings } from '../api/use-settings';
import { applyTheme, onSystemThemeChange } from './apply-theme';

/** Keeps the page in the theme chosen in Settings, following the operating system for "system". */
export function useThemeSync(): void {
  const theme = useSettings().data?.values.theme;
  useEffect(() => {
    if (!theme) return undefined;
    applyTheme(theme);
    return theme === 'system' ? onSystemThemeChange(() => applyTheme('system')) : undefined;
  }, [theme]);
}

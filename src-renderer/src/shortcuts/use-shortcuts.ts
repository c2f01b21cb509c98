import { useEffect, useRef } from 'react';
import { ShortcutReader, type ShortcutAction } from './shortcut-reader';

function isEditable(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('.xterm') !== null;
}

/** Listens for the app's shortcuts on the whole page. */
export function useShortcuts(onAction: (action: ShortcutAction) => void): void {
  const handler = useRef(onAction);
  handler.current = onAction;
  useEffect(() => {
    const reader = new ShortcutReader();
    const onKey = (e: KeyboardEvent): void => {
      const action = reader.feed(
        {
          key: e.key,
          code: e.code,
          ctrlKey: e.ctrlKey,
          metaKey: e.metaKey,
          altKey: e.altKey,
          shiftKey: e.shiftKey,
          editable: isEditable(e.target),
        },
        performance.now(),
      );
      if (!action) return;
      e.preventDefault();
      handler.current(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

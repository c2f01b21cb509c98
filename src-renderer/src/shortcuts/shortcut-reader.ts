/** Keyboard shortcuts: `g` then a page's key opens the page, `?` the help, Ctrl/Cmd+Shift+Space the chat window. */
export const PAGE_KEYS: Record<string, string> = {
  overview: 'o',
  stack: 's',
  logs: 'l',
  chat: 'c',
  models: 'm',
  agents: 'a',
  events: 'e',
  metrics: 't',
  hardware: 'h',
  snapshots: 'b',
  settings: ',',
};

export type ShortcutAction =
  { type: 'page'; id: string } | { type: 'help' } | { type: 'close' } | { type: 'chat-window' };

export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The key went to a text field, an editor or a terminal: single-key shortcuts stay out of the way. */
  editable: boolean;
}

const SEQUENCE_MS = 1500;

/** Reads key presses one at a time and says which action, if any, they make. */
export class ShortcutReader {
  private gAt = -Infinity;

  feed(k: KeyPress, now: number): ShortcutAction | undefined {
    if ((k.ctrlKey || k.metaKey) && k.shiftKey && (k.code === 'Space' || k.key === ' ')) return { type: 'chat-window' };
    if (k.key === 'Escape') return { type: 'close' };
    if (k.editable || k.ctrlKey || k.metaKey || k.altKey) return undefined;
    if (k.key === '?') return { type: 'help' };
    if (now - this.gAt <= SEQUENCE_MS) {
      this.gAt = -Infinity;
      const id = Object.keys(PAGE_KEYS).find((p) => PAGE_KEYS[p] === k.key.toLowerCase());
      return id ? { type: 'page', id } : undefined;
    }
    if (k.key === 'g') this.gAt = now;
    return undefined;
  }
}

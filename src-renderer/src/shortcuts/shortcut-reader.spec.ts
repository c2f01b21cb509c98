import { describe, expect, it } from 'vitest';
import { ShortcutReader, type KeyPress } from './shortcut-reader';

const key = (k: string, more: Partial<KeyPress> = {}): KeyPress => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  editable: false,
  ...more,
});

describe('ShortcutReader', () => {
  it('opens a page with g then its key, within the sequence time', () => {
    const r = new ShortcutReader();
    expect(r.feed(key('g'), 0)).toBeUndefined();
    expect(r.feed(key('s'), 500)).toEqual({ type: 'page', id: 'stack' });
    expect(r.feed(key('g'), 1000)).toBeUndefined();
    expect(r.feed(key(','), 1100)).toEqual({ type: 'page', id: 'settings' });
    expect(r.feed(key('g'), 2000)).toBeUndefined();
    expect(r.feed(key('s'), 4000)).toBeUndefined();
  });

  it('ignores single keys typed into a field, but not the chat window chord', () => {
    const r = new ShortcutReader();
    expect(r.feed(key('g', { editable: true }), 0)).toBeUndefined();
    expect(r.feed(key('o', { editable: true }), 10)).toBeUndefined();
    expect(r.feed(key('?', { editable: true }), 20)).toBeUndefined();
    expect(r.feed(key(' ', { code: 'Space', ctrlKey: true, shiftKey: true, editable: true }), 30)).toEqual({
      type: 'chat-window',
    });
    expect(r.feed(key(' ', { code: 'Space', metaKey: true, shiftKey: true }), 40)).toEqual({ type: 'chat-window' });
  });

  it('opens and closes the help', () => {
    const r = new ShortcutReader();
    expect(r.feed(key('?', { shiftKey: true }), 0)).toEqual({ type: 'help' });
    expect(r.feed(key('Escape'), 10)).toEqual({ type: 'close' });
    expect(r.feed(key('g', { ctrlKey: true }), 20)).toBeUndefined();
    expect(r.feed(key('o'), 30)).toBeUndefined();
  });
});

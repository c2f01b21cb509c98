import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExec, quoteExecArgument } from './desktop-entry';
import { XdgAutostart } from './xdg-autostart';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'sutazai-autostart-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Debian's desktop-file-validate (desktop-file-utils), the freedesktop.org reference checker. */
function validate(file: string): string {
  const r = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
  if (r.error)
    throw new Error('desktop-file-validate is not installed (Debian package desktop-file-utils; .ci/run installs it)');
  return `${r.status}:${r.stdout}${r.stderr}`;
}

describe('XdgAutostart', () => {
  const command = ['/opt/SutazAI Control Center/sutazai-control-center', '--profile=50%'];

  it('writes an entry that desktop-file-validate accepts, reads it back, and removes it', () => {
    const configHome = tempDir();
    const item = new XdgAutostart({ configHome, command, canStartHidden: true, icon: 'sutazai-control-center' });
    expect(item.get()).toEqual({ enabled: false, hidden: false });

    item.set({ enabled: true, hidden: true });
    const file = join(configHome, 'autostart', 'sutazai-control-center.desktop');
    expect(validate(file)).toBe('0:');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('Exec="/opt/SutazAI Control Center/sutazai-control-center" --profile=50%% --hidden\n');
    expect(item.get()).toEqual({ enabled: true, hidden: true });

    item.set({ enabled: true, hidden: false });
    expect(item.get()).toEqual({ enabled: true, hidden: false });
    expect(validate(file)).toBe('0:');

    item.set({ enabled: false, hidden: false });
    expect(existsSync(file)).toBe(false);
    expect(item.get()).toEqual({ enabled: false, hidden: false });
  });

  it('never starts hidden a command that has no window (the browser mode)', () => {
    const item = new XdgAutostart({
      configHome: tempDir(),
      command: ['/usr/bin/node', '/srv/app/bin/sutazai.js', 'serve'],
      canStartHidden: false,
      icon: 'x',
    });
    item.set({ enabled: true, hidden: true });
    expect(item.get()).toEqual({ enabled: true, hidden: false });
  });

  it('leaves an entry it did not write alone', () => {
    const configHome = tempDir();
    mkdirSync(join(configHome, 'autostart'));
    const file = join(configHome, 'autostart', 'sutazai-control-center.desktop');
    writeFileSync(file, '[Desktop Entry]\nType=Application\nName=Mine\nExec=/usr/local/bin/my-wrapper\n');
    const item = new XdgAutostart({ configHome, command, canStartHidden: true, icon: 'x' });
    expect(() => item.set({ enabled: false, hidden: false })).toThrow('was not written by SutazAI Control Center');
    expect(readFileSync(file, 'utf8')).toContain('my-wrapper');
  });
});

describe('Exec quoting', () => {
  it.each([
    ['/usr/bin/app', '/usr/bin/app'],
    ['/opt/My App/app', '"/opt/My App/app"'],
    ['a"b', '"a\\\\"b"'],
    ['$HOME', '"\\\\$HOME"'],
    ['back\\slash', '"back\\\\\\\\slash"'],
    ['100%', '100%%'],
    ['', '""'],
  ])('%s -> %s, and back', (arg, quoted) => {
    expect(quoteExecArgument(arg)).toBe(quoted);
    expect(parseExec(`/bin/x ${quoted}`)).toEqual(['/bin/x', arg]);
  });
});

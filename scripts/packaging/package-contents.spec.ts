import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile, getRawHeader, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/**
 * The package as electron-builder itself makes it: its `dir` target run with electron-builder.yml
 * on this project, so the file list, the asar, the unpacked native module, the extra resources,
 * the production-only dependencies and the afterPack hook are electron-builder's own doing.
 * Electron's binary cannot be downloaded here, so the build is given an Electron distribution
 * folder holding a stand-in executable laid out like Electron's fuse wire, and the rebuild of
 * better-sqlite3 for Electron's ABI is switched off. Not proven here: the real Electron binary,
 * the native module built for Electron, the installers (AppImage, deb, rpm, NSIS, dmg, zip) and
 * signing; .github/workflows/desktop.yml builds and launches those on each system.
 */
let out: string;
let resources: string;
let asarFile: string;
let files: string[];
let desktopEntry = '';
let iconSizes: number[] = [];

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out', 'main', 'index.js')))
    throw new Error('out/ is missing: run `npx electron-vite build` first');
  out = mkdtempSync(join(tmpdir(), 'sutazai-package-'));
  const electronDist = join(out, 'electron-dist');
  mkdirSync(join(electronDist, 'resources'), { recursive: true });
  writeFileSync(
    join(electronDist, 'electron'),
    Buffer.concat([Buffer.from('dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'), Buffer.from([1, 8]), Buffer.from('10110001')]),
    { mode: 0o755 },
  );
  writeFileSync(
    join(electronDist, 'version'),
    JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version,
  );
  // electron-builder runs in a Node process of its own (scripts/packaging/pack-dir.cjs), as `npm run dist` runs it.
  // Without vitest's variables: electron-builder switches to hard links when it sees VITEST.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST')));
  const r = spawnSync(process.execPath, [join(__dirname, 'pack-dir.cjs'), join(out, 'dist'), electronDist], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 200_000,
  });
  if (r.status !== 0) throw new Error(`electron-builder failed:\n${r.stdout}\n${r.stderr}`);
  const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { desktopEntry: string; iconSizes: number[] };
  desktopEntry = result.desktopEntry;
  iconSizes = result.iconSizes;
  resources = join(out, 'dist', 'linux-unpacked', 'resources');
  asarFile = join(resources, 'app.asar');
  files = listPackage(asarFile, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
}, 240_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('the packaged app', () => {
  it('holds the built app and package.json, no sources, tests or maps', () => {
    for (const f of [
      '/package.json',
      '/out/main/index.js',
      '/out/main/cli.js',
      '/out/preload/index.js',
      '/out/renderer/index.html',
      '/out/renderer/favicon.ico',
      '/out/renderer/favicon.svg',
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^\/(src-|e2e|bench|test-support|scripts|resources|compose-templates)/.test(f))).toEqual(
      [],
    );
    expect(files.filter((f) => f.endsWith('.map') && f.startsWith('/out/'))).toEqual([]);
  });

  it('holds no devDependencies', () => {
    const dev = Object.keys(pkg.devDependencies);
    const bundled = new Set(
      files
        .filter((f) => f.startsWith('/node_modules/'))
        .map((f) =>
          f
            .split('/')
            .slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3)
            .join('/'),
        ),
    );
    expect(dev.filter((d) => bundled.has(d))).toEqual([]);
    for (const d of Object.keys(pkg.dependencies)) expect(bundled.has(d), d).toBe(true);
  });

  it('can load every module its main process requires from inside the package', () => {
    const mains = readdirSync(join(ROOT, 'out', 'main'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'));
    const required = new Set<string>();
    for (const f of mains) {
      const code = extractFile(asarFile, `out/main/${f.replace(/\\/g, '/')}`).toString();
      for (const m of code.matchAll(/require\("([^".][^"]*)"\)/g)) required.add(m[1]!);
    }
    const missing = [...required].filter((m) => {
      if (m === 'electron' || m.startsWith('node:') || builtinModules.includes(m)) return false;
      const name = m.startsWith('@') ? m.split('/').slice(0, 2).join('/') : m.split('/')[0]!;
      return !files.includes(`/node_modules/${name}/package.json`);
    });
    expect(missing).toEqual([]);
  });

  it('unpacks better-sqlite3’s native module from the asar, without SQLite’s sources', () => {
    const header = getRawHeader(asarFile).header as { files: Record<string, { files?: unknown; unpacked?: boolean }> };
    const node = ['node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'].reduce<unknown>(
      (n, k) => (n as { files: Record<string, unknown> }).files[k],
      header,
    ) as { unpacked?: boolean };
    expect(node.unpacked).toBe(true);
    expect(
      statSync(
        join(
          resources,
          'app.asar.unpacked',
          'node_modules',
          'better-sqlite3',
          'build',
          'Release',
          'better_sqlite3.node',
        ),
      ).size,
    ).toBeGreaterThan(500_000);
    expect(
      files.filter(
        (f) => f.startsWith('/node_modules/better-sqlite3/deps') || f.startsWith('/node_modules/better-sqlite3/src'),
      ),
    ).toEqual([]);
  });

  it('ships the compose templates and the icons as extra resources', () => {
    const templates = readdirSync(join(ROOT, 'compose-templates'), { recursive: true }).map(String).sort();
    expect(readdirSync(join(resources, 'compose-templates'), { recursive: true }).map(String).sort()).toEqual(
      templates,
    );
    expect(readFileSync(join(resources, 'compose-templates', 'core.yml'))).toEqual(
      readFileSync(join(ROOT, 'compose-templates', 'core.yml')),
    );
    expect(readdirSync(join(resources, 'tray')).sort()).toEqual([
      'tray-critical.png',
      'tray-critical@2x.png',
      'tray-ok.png',
      'tray-ok@2x.png',
      'tray-warning.png',
      'tray-warning@2x.png',
      'trayTemplate.png',
      'trayTemplate@2x.png',
    ]);
    expect(existsSync(join(resources, 'icon.png'))).toBe(true);
  });

  it('stays small', () => {
    const asarMiB = statSync(asarFile).size / 1024 ** 2;
    console.log(`app.asar ${asarMiB.toFixed(1)} MiB, ${files.length} entries`);
    expect(asarMiB).toBeLessThan(30);
  });

  it('has its fuses flipped by the afterPack hook', async () => {
    const wire = await getCurrentFuseWire(join(out, 'dist', 'linux-unpacked', 'sutazai-control-center'));
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => String.fromCharCode(wire[i as 0] as number)).join('')).toBe('01001100');
  });
});

describe('Linux desktop integration', () => {
  it('electron-builder’s desktop entry passes desktop-file-validate', () => {
    expect(desktopEntry).toContain('Exec="/opt/SutazAI Control Center/sutazai-control-center" %U');
    expect(desktopEntry).toContain('Icon=sutazai-control-center');
    expect(desktopEntry).toContain('StartupWMClass=sutazai-control-center');
    const dir = mkdtempSync(join(tmpdir(), 'sutazai-desktop-entry-'));
    try {
      const file = join(dir, 'sutazai-control-center.desktop');
      writeFileSync(file, desktopEntry);
      const r = spawnSync('desktop-file-validate', [file], { encoding: 'utf8' });
      if (r.error)
        throw new Error(
          'desktop-file-validate is not installed (Debian package desktop-file-utils; .ci/run installs it)',
        );
      expect(`${r.stdout}${r.stderr}`).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('installs the icon in the hicolor sizes', () => {
    expect([...new Set(iconSizes)].sort((a, b) => a - b)).toEqual(
      expect.arrayContaining([16, 22, 24, 32, 48, 64, 128, 256, 512]),
    );
  });

  it('the AppStream metainfo passes appstreamcli validate', () => {
    const r = spawnSync(
      'appstreamcli',
      ['validate', '--no-net', join(ROOT, 'resources', 'linux', 'ai.sutazai.ControlCenter.metainfo.xml')],
      { encoding: 'utf8' },
    );
    if (r.error) throw new Error('appstreamcli is not installed (Debian package appstream; .ci/run installs it)');
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const metainfo = readFileSync(join(ROOT, 'resources', 'linux', 'ai.sutazai.ControlCenter.metainfo.xml'), 'utf8');
    expect(metainfo).toContain('<launchable type="desktop-id">sutazai-control-center.desktop</launchable>');
  });
});

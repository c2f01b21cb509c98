#!/usr/bin/env node
// `npm run icons`: renders the app's icon set from the SVG sources in resources/ (sharp renders the
// SVGs, icon-gen writes .ico and .icns). The outputs are committed, so a build needs no image tooling.
//
//   resources/icon.svg          -> resources/icons/<N>x<N>.png (16..1024, the hicolor sizes Linux
//                                  installs), resources/icon.png (512), icon.ico, icon.icns,
//                                  src-renderer/public/favicon.ico + favicon.svg (browser mode)
//   resources/tray.svg          -> resources/tray/tray-{ok,warning,critical}.png and @2x
//   resources/tray-template.svg -> resources/tray/trayTemplate.png and @2x (macOS menu bar)
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconGen from 'icon-gen';
import sharp from 'sharp';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const res = join(root, 'resources');

const APP_ICON_SIZES = [16, 22, 24, 32, 48, 64, 128, 256, 512, 1024];
const TRAY_LEVELS = { ok: '#3fb950', warning: '#d29922', critical: '#f85149' };
const TRAY_SIZE = 16;

/** Renders an SVG (its own width is 1024) to a square PNG of `size` pixels. */
async function renderSvg(svg, size, file) {
  const density = (72 * size) / 1024;
  await sharp(Buffer.from(svg), { density }).resize(size, size).png({ compressionLevel: 9 }).toFile(file);
}

async function main() {
  const appSvg = readFileSync(join(res, 'icon.svg'), 'utf8');
  const iconsDir = join(res, 'icons');
  rmSync(iconsDir, { recursive: true, force: true });
  mkdirSync(iconsDir, { recursive: true });
  for (const size of APP_ICON_SIZES) await renderSvg(appSvg, size, join(iconsDir, `${size}x${size}.png`));
  copyFileSync(join(iconsDir, '512x512.png'), join(res, 'icon.png'));

  const work = mkdtempSync(join(tmpdir(), 'sutazai-icons-'));
  try {
    // icon-gen renders the SVG itself for every size of the .ico, the .icns and the favicon.
    await iconGen(join(res, 'icon.svg'), work, {
      report: false,
      ico: { name: 'icon', sizes: [16, 24, 32, 48, 64, 128, 256] },
      icns: { name: 'icon', sizes: [16, 32, 64, 128, 256, 512, 1024] },
      favicon: { name: 'favicon-', pngSizes: [32], icoSizes: [16, 32, 48] },
    });
    copyFileSync(join(work, 'icon.ico'), join(res, 'icon.ico'));
    copyFileSync(join(work, 'icon.icns'), join(res, 'icon.icns'));
    const publicDir = join(root, 'src-renderer', 'public');
    mkdirSync(publicDir, { recursive: true });
    copyFileSync(join(work, 'favicon.ico'), join(publicDir, 'favicon.ico'));
    copyFileSync(join(res, 'icon.svg'), join(publicDir, 'favicon.svg'));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const trayDir = join(res, 'tray');
  rmSync(trayDir, { recursive: true, force: true });
  mkdirSync(trayDir, { recursive: true });
  const traySvg = readFileSync(join(res, 'tray.svg'), 'utf8');
  for (const [level, colour] of Object.entries(TRAY_LEVELS)) {
    const svg = traySvg.replace(
      /fill="#[0-9a-f]{6}"(?= stroke="#ffffff" stroke-width="4" data-status="dot")/,
      `fill="${colour}"`,
    );
    if (!svg.includes(`fill="${colour}"`))
      throw new Error('resources/tray.svg: the status dot (data-status="dot") was not found');
    await renderSvg(svg, TRAY_SIZE, join(trayDir, `tray-${level}.png`));
    await renderSvg(svg, TRAY_SIZE * 2, join(trayDir, `tray-${level}@2x.png`));
  }
  const templateSvg = readFileSync(join(res, 'tray-template.svg'), 'utf8');
  await renderSvg(templateSvg, TRAY_SIZE, join(trayDir, 'trayTemplate.png'));
  await renderSvg(templateSvg, TRAY_SIZE * 2, join(trayDir, 'trayTemplate@2x.png'));
  console.log('icons written to resources/ and src-renderer/public/');
}

await main();

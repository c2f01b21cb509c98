import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..', '..');
const FILE = join(ROOT, '.github', 'workflows', 'desktop.yml');

/**
 * The desktop workflow cannot run here (no GitHub runners, no display, no Electron download).
 * What is checked: it is a valid workflow for GitHub's schema (action-validator, SchemaStore's
 * schema), and it builds and launches what this project produces. Not proven: that the runners
 * pass it.
 */
describe('.github/workflows/desktop.yml', () => {
  it('is a valid GitHub Actions workflow', () => {
    const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'action-validator'), [FILE], { encoding: 'utf8' });
    expect(r.error).toBeUndefined();
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.status).toBe(0);
  });

  it('builds the installers and launches the packaged app on Linux (under Xvfb), macOS and Windows', () => {
    const wf = parse(readFileSync(FILE, 'utf8'));
    const job = wf.jobs.installers;
    expect(job.strategy.matrix.include.map((m: { os: string }) => m.os)).toEqual([
      'ubuntu-24.04',
      'macos-14',
      'windows-2022',
    ]);
    const runs = job.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(runs).toContain('npx electron-builder --publish never');
    expect(runs).toMatch(/xvfb-run .* npx playwright test e2e\/desktop\.spec\.ts/);
    // The unpacked binaries are where electron-builder puts them for this productName and executableName.
    const builder = parse(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8'));
    const unpacked = job.strategy.matrix.include.map((m: { unpacked: string }) => m.unpacked);
    expect(unpacked).toEqual([
      `dist/linux-unpacked/${builder.linux.executableName}`,
      `dist/mac-arm64/${builder.productName}.app/Contents/MacOS/${builder.productName}`,
      `dist/win-unpacked/${builder.productName}.exe`,
    ]);
  });
});

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts')];
const dir = mkdtempSync(join(tmpdir(), 'sutazai-doctor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function doctor(home: string, args: string[] = []): Promise<string> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI, 'doctor', ...args],
      { cwd: ROOT, timeout: 60_000, env: { ...process.env, SUTAZAI_HOME: home } },
      (_error, out) => resolve(out),
    );
  });
}

describe('sutazai doctor on the app home', () => {
  it('warns when other users can enter the home, names the fix, and does not change the folder', async () => {
    const home = join(dir, 'open home');
    mkdirSync(home);
    chmodSync(home, 0o755);
    const text = await doctor(home);
    expect(text).toContain(`home      WARNING: other users of this machine can enter ${home} (mode 0755)`);
    expect(text).toContain(`          fix: chmod 700 '${home}'`);
    const json = JSON.parse(await doctor(home, ['--json'])) as {
      home: { private: boolean; mode: string; fix: string; warning: string };
    };
    expect(json.home).toMatchObject({ path: home, private: false, mode: '0755', fix: `chmod 700 '${home}'` });
    expect(json.home.warning).toContain('other users of this machine can enter');
    expect(statSync(home).mode & 0o777).toBe(0o755);
  });

  it('says the home is private once it is', async () => {
    const home = join(dir, 'closed');
    mkdirSync(home, { mode: 0o700 });
    chmodSync(home, 0o700);
    expect(await doctor(home)).toContain(`home      ok: ${home} (0700, only you can read it)`);
    const json = JSON.parse(await doctor(home, ['--json'])) as { home: Record<string, unknown> };
    expect(json.home).toEqual({ path: home, mode: '0700', private: true, openFiles: [] });
  });
});

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MetricsRepository } from '../../metrics';
import { openDatabase } from '../../store';

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

describe('sutazai doctor on limits sized from measured use', () => {
  it('lists a service whose limit is far above what it used, with the recommended limit and reservation', async () => {
    const home = join(dir, 'measured');
    mkdirSync(home, { mode: 0o700 });
    // Two hours of qdrant at about 300 MiB, as the metrics collector would have kept them.
    const db = openDatabase(join(home, 'sutazai.db'));
    const start = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
    const repository = new MetricsRepository(db);
    for (let t = start; t < Date.now(); t += 60_000)
      repository.record(t, { 'svc.qdrant.mem_bytes': (290 + ((t / 60_000) % 10)) * 1024 * 1024 });
    repository.flush();
    db.close();
    const text = await doctor(home);
    expect(text).toContain('limits sized from measured use (last 7 days; 1 of ');
    expect(text).toMatch(
      /\[limit far above use\] qdrant: uses p99 299 MiB over 2\.0 h of its 2\.0 GiB limit: 1\.6 GiB held back for nothing\n {6}recommended: limit 448\.0 MiB, reservation 320\.0 MiB \(now 2\.0 GiB, 256\.0 MiB\)/,
    );
    const json = JSON.parse(await doctor(home, ['--json'])) as {
      limitSizing: { services: { service: string; kind: string; recommended: unknown }[] };
    };
    expect(json.limitSizing.services.find((s) => s.service === 'qdrant')).toMatchObject({
      kind: 'oversized',
      recommended: { limitBytes: 448 * 1024 * 1024, reservationBytes: 320 * 1024 * 1024 },
    });
  });
});

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../../test-support/engine';

const engine = await testEngine();
const ROOT = join(__dirname, '..', '..', '..');
const CLI = ['--import', 'tsx', join(ROOT, 'src-main', 'cli', 'main.ts')];
const base = mkdtempSync(join(tmpdir(), 'sutazai-cli-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

function sutazai(args: string[], home: string): Promise<{ code: number; out: string; err: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...CLI, ...args],
      { cwd: ROOT, timeout: 30_000, env: { ...process.env, SUTAZAI_HOME: home } },
      (error, out, err) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out, err, ms: Date.now() - started }),
    );
  });
}

describe('one-shot commands through the core', () => {
  it('lists events of a home that has none without creating its database', async () => {
    const home = join(base, 'events');
    const r = await sutazai(['events'], home);
    expect(r).toMatchObject({ code: 0, out: 'no events yet\n', err: '' });
    expect(existsSync(join(home, 'sutazai.db'))).toBe(false);
  });

  it('shows the resolved stack with the generated secrets hidden, and opens no database for it', async () => {
    const home = join(base, 'config');
    const r = await sutazai(['config', '--profile', 'minimal', '--json'], home);
    expect(r.code).toBe(0);
    const model = JSON.parse(r.out) as {
      name: string;
      services: Record<string, { environment: Record<string, string> }>;
    };
    expect(model.name).toBe('sutazai');
    expect(Object.keys(model.services).sort()).toEqual(['ollama', 'postgres', 'qdrant', 'redis']);
    expect(model.services.postgres!.environment.POSTGRES_PASSWORD).toBe('<secret>');
    expect(readFileSync(join(home, 'stack.env'), 'utf8')).toMatch(/^POSTGRES_PASSWORD=/m);
    expect(existsSync(join(home, 'sutazai.db'))).toBe(false);
  });

  it.skipIf(!engine.available)('doctor reports the engine the docker CLI sees and this machine', async () => {
    const r = await sutazai(['doctor', '--json'], join(base, 'doctor'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as {
      engine: { connected: boolean; version: string; apiVersion: string };
      host: { memTotalBytes: number };
      profileFits: { profile: string }[];
    };
    const cli = execFileSync('docker', ['version', '--format', '{{.Server.Version}} {{.Server.APIVersion}}'], {
      encoding: 'utf8',
    }).trim();
    expect(report.engine.connected).toBe(true);
    expect(`${report.engine.version} ${report.engine.apiVersion}`).toBe(cli);
    const memTotal = Number(/^MemTotal:\s+(\d+)/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    expect(report.host.memTotalBytes).toBe(memTotal);
    expect(report.profileFits.map((f) => f.profile)).toContain('minimal');
  });

  it.skipIf(!engine.available)('ps of a project with no containers says so', async () => {
    const r = await sutazai(['ps', '--project', `sutazai-test-none-${process.pid}`], join(base, 'ps'));
    expect(r).toMatchObject({ code: 0, out: 'no services are running in this project\n', err: '' });
  });
});

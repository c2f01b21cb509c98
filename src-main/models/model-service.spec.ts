import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOllamaApiServer, type OllamaApiServer } from '../../test-support/ollama-api-server';
import { openDatabase, SettingsRepository, type Db } from '../store';
import { ModelService } from './model-service';
import type { PullState } from '../../src-shared/api';

describe('ModelService', () => {
  let server: OllamaApiServer;
  let db: Db;
  let dir: string;
  let service: ModelService;
  beforeEach(async () => {
    server = await startOllamaApiServer({ installed: ['tinyllama'], pullDelayMs: 15, pullChunkBytes: 50_000_000 });
    dir = mkdtempSync(join(tmpdir(), 'sutazai-models-'));
    db = openDatabase(join(dir, 'db.sqlite'));
    service = new ModelService({
      flag: server.url,
      settings: new SettingsRepository(db),
      env: {},
      stackUpAvailable: true,
    });
  });
  afterEach(async () => {
    service.dispose();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  });

  const until = (pred: (s: PullState | undefined) => boolean, model: string) =>
    new Promise<PullState>((resolve) => {
      const watching = service.pulls.watch((all) => {
        const s = all.find((p) => p.model === model);
        if (pred(s)) {
          queueMicrotask(() => watching.dispose());
          resolve(s!);
        }
      });
    });

  it('lists models with size, family, quantization and whether loaded', async () => {
    const [m] = await service.list();
    expect(m).toMatchObject({
      name: 'tinyllama:latest',
      sizeBytes: 637_000_208,
      family: 'llama',
      quantization: 'Q4_0',
      parameterSize: '1B',
      loaded: false,
    });
    expect(Date.parse(m!.modifiedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(m).not.toHaveProperty('missing');
    const status = await service.status();
    expect(status).toMatchObject({ reachable: true, source: 'flag', modelCount: 1, url: server.url });
  });

  it('cancels a pull at the server and resumes from the completed bytes', async () => {
    await service.pull('qwen2.5:0.5b');
    await until((s) => (s?.layers[0]?.completed ?? 0) >= 100_000_000, 'qwen2.5:0.5b');
    expect(service.cancelPull('qwen2.5:0.5b')?.model).toBe('qwen2.5:0.5b');
    const cancelled = await until((s) => s?.status === 'cancelled', 'qwen2.5:0.5b');
    await new Promise((r) => setTimeout(r, 60));
    expect(server.aborts.map((a) => a.path)).toEqual(['/api/pull']);
    const resumedFrom = server.partial.values().next().value!;
    expect(resumedFrom).toBeGreaterThanOrEqual(cancelled.layers[0]!.completed);
    await service.pull('qwen2.5:0.5b');
    const done = await until((s) => s?.status !== 'running', 'qwen2.5:0.5b');
    expect(done.status).toBe('success');
    expect(done.layers.map((l) => l.completed)).toEqual(done.layers.map((l) => l.total));
    expect(server.resumes).toEqual([{ digest: done.layers[0]!.digest, from: resumedFrom }]);
    expect((await service.list()).map((m) => m.name)).toContain('qwen2.5:0.5b');
  });

  it('validates names before any request and deletes', async () => {
    const before = server.requests.length;
    await expect(service.pull('bad name')).rejects.toThrow(/model part "bad name"/);
    await expect(service.remove('x:')).rejects.toThrow(/tag/);
    expect(server.requests.length).toBe(before);
    await service.remove('tinyllama');
    expect(await service.list()).toEqual([]);
    await expect(service.remove('tinyllama')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists what a server without /api/ps and modified_at does say, and names what it does not', async () => {
    const thin = await startOllamaApiServer({
      installed: ['tinyllama', 'qwen2.5:0.5b'],
      missingRoutes: ['/api/ps'],
      omitTagFields: ['modified_at'],
    });
    const fits: string[] = [];
    const models = new ModelService({
      flag: thin.url,
      settings: new SettingsRepository(db),
      env: {},
      stackUpAvailable: true,
      fitEstimate: async (m) => (fits.push(m.name), { fits: true, note: 'fits in RAM' }),
    });
    try {
      const rows = await models.list();
      expect(rows.map((m) => m.name)).toEqual(['tinyllama:latest', 'qwen2.5:0.5b']);
      expect(rows[0]).toMatchObject({
        sizeBytes: 637_000_208,
        family: 'llama',
        quantization: 'Q4_0',
        fit: { fits: true },
      });
      expect(rows[0]).not.toHaveProperty('loaded');
      expect(rows[0]).not.toHaveProperty('modifiedAt');
      expect(rows[0]!.missing).toEqual([
        { field: 'modifiedAt', reason: 'the server gave no modified_at' },
        {
          field: 'loaded',
          reason: `the server at ${thin.url} has no /api/ps (HTTP 404), so which models are in memory is unknown`,
        },
      ]);
      expect(fits).toEqual(['tinyllama:latest', 'qwen2.5:0.5b']);
      expect(thin.requests.filter((r) => r.path === '/api/ps')).toHaveLength(1);
    } finally {
      models.dispose();
      await thin.close();
    }
  });

  it('says plainly when Ollama is not running', async () => {
    await server.close();
    const status = await service.status();
    expect(status.reachable).toBe(false);
    expect(status.error).toContain(`Ollama is not running at ${server.url}`);
    expect(status.fix).toMatchObject({ profile: 'minimal', model: 'tinyllama', modelSize: '637 MB' });
    await expect(service.list()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
